/**
 * 2. Application: analyses, their outcome and duration, workflow runs (any graph run outside an
 * analysis), concurrency, and the SDK's own health.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { histogramSeries, label, metric } from '../../../src/catalogue.js';
import { quantile, ratio, selector, sumBy, sumIncrease, sumRate } from '../../../src/promql.js';
import { analysisTracesLink, workflowTracesLink } from '../langfuse.js';
import { buildDashboard } from '../layout.js';
import { graph, langfuseLink, singleStat } from '../panels.js';
import {
  datasourceVariable,
  instanceVariable,
  jobVariable,
  langfuseProjectVariable,
  langfuseUrlVariable,
} from '../variables.js';

const T = { job: '~$job', instance: '~$instance' };
const RI = '$__rate_interval';
const analyses = metric('analyses');
const status = label('analyses', 'status');
const durationBuckets = histogramSeries('analysisDuration', 'bucket');
const workflowRuns = metric('workflowRuns');
const workflow = label('workflowRuns', 'workflow');
const workflowStatus = label('workflowRuns', 'status');

/** `expr or vector(0)`: reads 0 while a counter that is usually absent (no errors yet) has no series. */
const orZero = (expr: string): string => `${expr} or vector(0)`;

export function applicationDashboard(): Dashboard {
  return buildDashboard({
    uid: 'tradingagents-application',
    title: 'TradingAgents / 2. Application',
    description:
      'Analyses and workflow runs: rate, success and errors, duration percentiles, cost per run, concurrency and queue.',
    tags: ['application'],
    langfuseLink: true,
    variables: [
      datasourceVariable(),
      jobVariable('tradingagents'),
      instanceVariable(),
      langfuseUrlVariable(),
      langfuseProjectVariable(),
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          singleStat({
            title: 'Analyses in range',
            description: 'Analyses completed in the selected time range, all statuses.',
            queries: [{ expr: sumIncrease(analyses, T, [], '$__range') }],
            unit: 'short',
            decimals: 0,
          }),
          singleStat({
            title: 'Error ratio (5m)',
            description:
              'Share of analyses that ended with status="error" in the last 5 minutes. HighErrorRate warns above 10%.',
            queries: [{ expr: ratio(analyses, T, { [status]: 'error' }, [], '5m') }],
            unit: 'percentunit',
            thresholds: [
              [0.1, 'orange'],
              [0.25, 'red'],
            ],
          }),
          singleStat({
            title: 'Active analyses',
            description: 'Analyses running now.',
            queries: [{ expr: sumBy([], selector(metric('activeAnalyses'), T)) }],
            unit: 'short',
            decimals: 0,
          }),
          singleStat({
            title: 'Queue length',
            description: 'Analyses waiting in the application queue (for apps that queue analyses).',
            queries: [{ expr: sumBy([], selector(metric('queueLength'), T)) }],
            unit: 'short',
            decimals: 0,
            thresholds: [
              [10, 'orange'],
              [50, 'red'],
            ],
          }),
        ],
      },
      {
        title: 'Analyses',
        panels: [
          graph({
            title: 'Analysis rate by status',
            description: 'Analyses completed per second, by status.',
            queries: [{ expr: sumRate(analyses, T, [status], RI), legend: '{{status}}' }],
            unit: 'ops',
            stacked: true,
            min: 0,
          }),
          graph({
            title: 'Success and error ratio',
            description: 'Share of analyses per instance that succeeded and that failed.',
            queries: [
              {
                expr: ratio(analyses, T, { [status]: 'success' }, ['instance'], RI),
                legend: '{{instance}} success',
              },
              {
                expr: ratio(analyses, T, { [status]: 'error' }, ['instance'], RI),
                legend: '{{instance}} error',
              },
            ],
            unit: 'percentunit',
            min: 0,
            max: 1,
            links: [langfuseLink('Failed traces in Langfuse')],
          }),
          graph({
            title: 'Analysis duration p50 / p95 / p99',
            description:
              'Percentiles of the wall-clock duration of an analysis. SlowAnalysis warns when p95 > 5 min.',
            queries: (
              [
                [0.5, 'p50'],
                [0.95, 'p95'],
                [0.99, 'p99'],
              ] as const
            ).map(([q, legend]) => ({
              expr: quantile(q, durationBuckets, T, [], RI),
              legend,
              // Exemplars: each dot is one analysis, linked to its Langfuse trace.
              ...(q === 0.95 ? { exemplar: true } : {}),
            })),
            unit: 's',
            min: 0,
            links: [langfuseLink('Slowest traces in Langfuse')],
          }),
          graph({
            title: 'Analyses by ticker',
            description:
              'Analyses completed per second, by ticker (bounded: rare tickers fold into __other__).',
            queries: [
              { expr: sumRate(analyses, T, [label('analyses', 'ticker')], RI), legend: '{{ticker}}' },
            ],
            unit: 'ops',
            stacked: true,
            min: 0,
            dataLinks: [analysisTracesLink()],
          }),
        ],
      },
      {
        title: 'Workflows (graph runs outside analyses)',
        panels: [
          graph({
            title: 'Workflow runs by workflow and status',
            description:
              'Runs per second of each workflow: every LangGraph/LangChain root run outside trackAnalysis ' +
              '(named by its graph or run name), and every trackWorkflow. Rare names fold into __other__.',
            queries: [
              {
                expr: sumRate(workflowRuns, T, [workflow, workflowStatus], RI),
                legend: '{{workflow}} {{status}}',
              },
            ],
            unit: 'ops',
            stacked: true,
            min: 0,
            dataLinks: [workflowTracesLink()],
          }),
          graph({
            title: 'Workflow error ratio',
            description:
              'Share of the runs of each workflow that ended with status="error". WorkflowFailing warns above 20%.',
            queries: [
              {
                expr: ratio(workflowRuns, T, { [workflowStatus]: 'error' }, [workflow], RI),
                legend: '{{workflow}}',
              },
            ],
            unit: 'percentunit',
            min: 0,
            max: 1,
            dataLinks: [workflowTracesLink()],
          }),
          graph({
            title: 'Workflow duration p95',
            description: 'p95 of the wall-clock duration of one run, by workflow.',
            queries: [
              {
                expr: quantile(
                  0.95,
                  histogramSeries('workflowDuration', 'bucket'),
                  T,
                  [label('workflowDuration', 'workflow')],
                  RI,
                ),
                legend: '{{workflow}}',
                exemplar: true,
              },
            ],
            unit: 's',
            min: 0,
            dataLinks: [workflowTracesLink()],
          }),
          graph({
            title: 'LLM cost per workflow run',
            description:
              'Average LLM cost of one run, by workflow: the sum of the LLM costs recorded inside the runs ' +
              'over their number.',
            queries: [
              {
                expr: `${sumRate(histogramSeries('workflowCost', 'sum'), T, [label('workflowCost', 'workflow')], RI)}\n/\n${sumRate(histogramSeries('workflowCost', 'count'), T, [label('workflowCost', 'workflow')], RI)}`,
                legend: '{{workflow}}',
              },
            ],
            unit: 'currencyUSD',
            min: 0,
            dataLinks: [workflowTracesLink()],
          }),
        ],
      },
      {
        title: 'Concurrency',
        panels: [
          graph({
            title: 'Active analyses',
            description: 'Analyses running now, per instance.',
            queries: [
              { expr: sumBy(['instance'], selector(metric('activeAnalyses'), T)), legend: '{{instance}}' },
            ],
            unit: 'short',
            min: 0,
          }),
          graph({
            title: 'Queue length',
            description: 'Analyses waiting in the application queue, per instance.',
            queries: [
              { expr: sumBy(['instance'], selector(metric('queueLength'), T)), legend: '{{instance}}' },
            ],
            unit: 'short',
            min: 0,
          }),
        ],
      },
      {
        title: 'Telemetry health',
        panels: [
          graph({
            title: 'Spans exported',
            description:
              'Spans handed to each trace exporter per second, by result. LangfuseExportFailing warns above 10% failures.',
            queries: [
              {
                expr: orZero(
                  sumRate(
                    metric('exportedSpans'),
                    T,
                    [label('exportedSpans', 'exporter'), label('exportedSpans', 'result')],
                    RI,
                  ),
                ),
                legend: '{{exporter}} {{result}}',
              },
            ],
            unit: 'ops',
            width: 8,
            min: 0,
          }),
          graph({
            title: 'Spans lost, by reason',
            description:
              'Spans lost on the way to an exporter per second, by exporter and reason. Outages are retried with backoff for exportRetrySeconds; TelemetrySpansLost warns on any loss.',
            queries: [
              {
                expr: orZero(
                  sumRate(
                    metric('lostSpans'),
                    T,
                    [label('lostSpans', 'exporter'), label('lostSpans', 'reason')],
                    RI,
                  ),
                ),
                legend: '{{exporter}} {{reason}}',
              },
            ],
            unit: 'ops',
            width: 8,
            min: 0,
          }),
          graph({
            title: 'Internal errors',
            description: 'Errors caught inside the telemetry SDK and kept away from the app, by component.',
            queries: [
              {
                expr: orZero(
                  sumRate(metric('internalErrors'), T, [label('internalErrors', 'component')], RI),
                ),
                legend: '{{component}}',
              },
            ],
            unit: 'ops',
            width: 8,
            min: 0,
          }),
          graph({
            title: 'Spool',
            description:
              'With a spool directory (spool.dir): spans written to it at exit because their exporter could not send them, spans a later process read back and sent, and spool files skipped (corrupt or foreign).',
            queries: [
              {
                expr: orZero(
                  sumRate(
                    metric('spooledSpans'),
                    T,
                    [label('spooledSpans', 'exporter'), label('spooledSpans', 'direction')],
                    RI,
                  ),
                ),
                legend: '{{exporter}} {{direction}}',
              },
              {
                expr: orZero(
                  sumRate(
                    metric('spoolSkippedFiles'),
                    T,
                    [label('spoolSkippedFiles', 'exporter'), label('spoolSkippedFiles', 'reason')],
                    RI,
                  ),
                ),
                legend: '{{exporter}} files skipped: {{reason}}',
              },
            ],
            unit: 'ops',
            width: 8,
            min: 0,
          }),
          graph({
            title: 'Label values folded',
            description:
              'Records whose label value was folded into __other__ because its cardinality bound was reached.',
            queries: [
              {
                expr: orZero(sumRate(metric('labelOverflow'), T, [label('labelOverflow', 'label')], RI)),
                legend: '{{label}}',
              },
            ],
            unit: 'ops',
            width: 8,
            min: 0,
          }),
        ],
      },
    ],
  });
}
