/**
 * 6. Services: health of every service the app depends on, probed by the blackbox exporter (job
 * `blackbox`, one `service` per probe: the app's /metrics, Grafana, Langfuse, PostgreSQL over TCP,
 * the LLM provider's API), the scrape targets of the stack, and the containers' CPU and memory
 * from cAdvisor where it runs (Docker Compose; the loopback stack has no containers).
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROBE_JOB } from '../../../prometheus/src/services.js';
import { selector, sumBy } from '../../../src/promql.js';
import { buildDashboard } from '../layout.js';
import { graph, singleStat } from '../panels.js';
import { datasourceVariable, labelVariable } from '../variables.js';

const RI = '$__rate_interval';
const PROBE = { job: PROBE_JOB, service: '~$service' };
/** Containers with a name: cAdvisor also reports cgroups (the host, systemd slices) without one. */
const CONTAINER = { job: 'cadvisor', name: '!' };

export function servicesDashboard(): Dashboard {
  return buildDashboard({
    uid: 'tradingagents-services',
    title: 'TradingAgents / 6. Services',
    description:
      'Probes of the services the app depends on (blackbox exporter), scrape targets, and container CPU and memory (cAdvisor).',
    tags: ['services', 'blackbox-exporter', 'cadvisor'],
    variables: [
      datasourceVariable(),
      labelVariable({
        name: 'service',
        label: 'Service',
        query: `label_values(${selector('probe_success', { job: PROBE_JOB })}, service)`,
        multi: true,
      }),
    ],
    rows: [
      {
        title: 'Probes',
        panels: [
          singleStat({
            title: 'Service up',
            description:
              'Last probe result per service: 1 = the probe succeeded (2xx, or any HTTP answer for the LLM API; TCP connect for PostgreSQL).',
            queries: [{ expr: selector('probe_success', PROBE), legend: '{{service}}' }],
            unit: 'short',
            baseColor: 'red',
            thresholds: [[1, 'green']],
            width: 12,
          }),
          singleStat({
            title: 'TLS certificate expires in',
            description:
              'Time left before the earliest-expiring certificate each HTTPS service presents (CertificateExpiring warns at 14 days, pages at 3).',
            queries: [
              {
                expr: `${selector('probe_ssl_earliest_cert_expiry', PROBE)} - time()`,
                legend: '{{service}}',
              },
            ],
            unit: 's',
            baseColor: 'red',
            thresholds: [
              [3 * 86_400, 'orange'],
              [14 * 86_400, 'green'],
            ],
            width: 12,
          }),
          graph({
            title: 'Probe success',
            description: 'Probe results over time (0 = failed); ServiceDown fires after 2 minutes at 0.',
            queries: [{ expr: selector('probe_success', PROBE), legend: '{{service}} {{instance}}' }],
            unit: 'short',
            min: 0,
            max: 1,
          }),
          graph({
            title: 'Probe duration',
            description: 'Time each probe took end to end (ProbeSlow fires above 2 s on average over 5m).',
            queries: [{ expr: selector('probe_duration_seconds', PROBE), legend: '{{service}}' }],
            unit: 's',
          }),
          graph({
            title: 'HTTP probe phases',
            description: 'Where the time of HTTP probes goes: resolve, connect, tls, processing, transfer.',
            queries: [
              {
                expr: sumBy(['service', 'phase'], selector('probe_http_duration_seconds', PROBE)),
                legend: '{{service}} {{phase}}',
              },
            ],
            unit: 's',
            stacked: true,
          }),
          graph({
            title: 'HTTP status code',
            description: 'Status code of the last HTTP probe per service (0 when no answer came).',
            queries: [{ expr: selector('probe_http_status_code', PROBE), legend: '{{service}}' }],
            unit: 'short',
          }),
        ],
      },
      {
        title: 'Scrape targets',
        panels: [
          graph({
            title: 'Targets up by job',
            description:
              'Scrape targets that answer, per job (app, exporters, the blackbox exporter, cAdvisor).',
            queries: [{ expr: sumBy(['job'], 'up'), legend: '{{job}}' }],
            unit: 'short',
            min: 0,
          }),
          graph({
            title: 'Targets down',
            description: 'Scrape targets that do not answer (TelemetryTargetDown / MonitoringTargetDown).',
            // 0 per job rather than "No data" while every target answers.
            queries: [{ expr: 'count by (job) (up == 0) or count by (job) (up) * 0', legend: '{{job}}' }],
            unit: 'short',
            min: 0,
          }),
        ],
      },
      {
        title: 'Containers (cAdvisor)',
        panels: [
          graph({
            title: 'Container CPU',
            description: 'CPU cores used per container (cAdvisor; Docker Compose only).',
            queries: [
              {
                expr: sumBy(
                  ['name'],
                  `rate(${selector('container_cpu_usage_seconds_total', CONTAINER)}[${RI}])`,
                ),
                legend: '{{name}}',
              },
            ],
            unit: 'short',
          }),
          graph({
            title: 'Container memory',
            description: 'Working set per container, what the kernel counts against a memory limit.',
            queries: [
              {
                expr: sumBy(['name'], selector('container_memory_working_set_bytes', CONTAINER)),
                legend: '{{name}}',
              },
            ],
            unit: 'bytes',
          }),
        ],
      },
    ],
  });
}
