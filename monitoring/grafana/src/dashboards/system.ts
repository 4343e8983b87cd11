/** 1. System overview: the host, from node_exporter. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { selector } from '../../../src/promql.js';
import { buildDashboard } from '../layout.js';
import { graph, singleStat } from '../panels.js';
import { datasourceVariable, instanceVariable, jobVariable } from '../variables.js';

const T = { job: '~$job', instance: '~$instance' };
const RI = '$__rate_interval';
/** Real filesystems only. */
const FS = { ...T, fstype: '!~tmpfs|ramfs|squashfs|nsfs' };
const NET = { ...T, device: '!~lo|veth.*|docker.*|br-.*' };

const cpuBusy = `1 - avg by (instance) (rate(${selector('node_cpu_seconds_total', { ...T, mode: 'idle' })}[${RI}]))`;
const memUsed = `1 - ${selector('node_memory_MemAvailable_bytes', T)} / ${selector('node_memory_MemTotal_bytes', T)}`;

export function systemDashboard(): Dashboard {
  return buildDashboard({
    uid: 'tradingagents-system',
    title: 'TradingAgents / 1. System overview',
    description: 'CPU, memory, disk and network of the hosts running TradingAgents, from node_exporter.',
    tags: ['system', 'node-exporter'],
    variables: [datasourceVariable(), jobVariable('node'), instanceVariable()],
    rows: [
      {
        title: 'Now',
        panels: [
          singleStat({
            title: 'CPU busy',
            description: 'Share of CPU time not idle, averaged over all cores.',
            queries: [{ expr: cpuBusy, legend: '{{instance}}' }],
            unit: 'percentunit',
            thresholds: [
              [0.7, 'orange'],
              [0.9, 'red'],
            ],
          }),
          singleStat({
            title: 'Memory used',
            description: 'Share of memory not available to new processes (MemAvailable).',
            queries: [{ expr: memUsed, legend: '{{instance}}' }],
            unit: 'percentunit',
            thresholds: [
              [0.8, 'orange'],
              [0.9, 'red'],
            ],
          }),
          singleStat({
            title: 'Load (1m) per core',
            description: 'node_load1 divided by the number of cores: above 1 means work waits for CPU.',
            queries: [
              {
                expr: `${selector('node_load1', T)} / on (instance) count by (instance) (${selector('node_cpu_seconds_total', { ...T, mode: 'idle' })})`,
                legend: '{{instance}}',
              },
            ],
            unit: 'short',
            decimals: 2,
            thresholds: [
              [1, 'orange'],
              [2, 'red'],
            ],
          }),
          singleStat({
            title: 'Uptime',
            description: 'Time since the host booted.',
            queries: [{ expr: `time() - ${selector('node_boot_time_seconds', T)}`, legend: '{{instance}}' }],
            unit: 's',
          }),
        ],
      },
      {
        title: 'CPU and memory',
        panels: [
          graph({
            title: 'CPU usage by mode',
            description: 'CPU seconds per second by mode, averaged over cores (idle left out).',
            queries: [
              {
                expr: `avg by (instance, mode) (rate(${selector('node_cpu_seconds_total', { ...T, mode: '!idle' })}[${RI}]))`,
                legend: '{{instance}} {{mode}}',
              },
            ],
            unit: 'percentunit',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Memory',
            description: 'Used (total minus available) and available memory.',
            queries: [
              {
                expr: `${selector('node_memory_MemTotal_bytes', T)} - ${selector('node_memory_MemAvailable_bytes', T)}`,
                legend: '{{instance}} used',
              },
              { expr: selector('node_memory_MemAvailable_bytes', T), legend: '{{instance}} available' },
            ],
            unit: 'bytes',
            min: 0,
          }),
        ],
      },
      {
        title: 'Disk',
        panels: [
          graph({
            title: 'Disk I/O',
            description: 'Bytes read and written per second, per device.',
            queries: [
              {
                expr: `sum by (instance, device) (rate(${selector('node_disk_read_bytes_total', T)}[${RI}]))`,
                legend: '{{instance}} {{device}} read',
              },
              {
                expr: `sum by (instance, device) (rate(${selector('node_disk_written_bytes_total', T)}[${RI}]))`,
                legend: '{{instance}} {{device}} written',
              },
            ],
            unit: 'Bps',
            min: 0,
          }),
          graph({
            title: 'Disk space used',
            description: 'Share of each real filesystem in use; NodeDiskSpaceLow warns under 15% free.',
            queries: [
              {
                expr: `1 - ${selector('node_filesystem_avail_bytes', FS)} / ${selector('node_filesystem_size_bytes', FS)}`,
                legend: '{{instance}} {{mountpoint}}',
              },
            ],
            unit: 'percentunit',
            min: 0,
            max: 1,
          }),
        ],
      },
      {
        title: 'Network',
        panels: [
          graph({
            title: 'Network traffic',
            description: 'Bytes received and sent per second, per interface (loopback and bridges left out).',
            queries: [
              {
                expr: `sum by (instance, device) (rate(${selector('node_network_receive_bytes_total', NET)}[${RI}]))`,
                legend: '{{instance}} {{device}} received',
              },
              {
                expr: `sum by (instance, device) (rate(${selector('node_network_transmit_bytes_total', NET)}[${RI}]))`,
                legend: '{{instance}} {{device}} sent',
              },
            ],
            unit: 'Bps',
            min: 0,
          }),
          graph({
            title: 'Network errors and drops',
            description: 'Receive and transmit errors per second, per interface.',
            queries: [
              {
                expr: `sum by (instance, device) (rate(${selector('node_network_receive_errs_total', NET)}[${RI}]))`,
                legend: '{{instance}} {{device}} receive errors',
              },
              {
                expr: `sum by (instance, device) (rate(${selector('node_network_transmit_errs_total', NET)}[${RI}]))`,
                legend: '{{instance}} {{device}} transmit errors',
              },
            ],
            unit: 'pps',
            min: 0,
          }),
        ],
      },
    ],
  });
}
