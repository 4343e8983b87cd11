/**
 * Alert rules. Every threshold is a named constant, every rule has a severity, a layer, a
 * summary, a description and a runbook, and every alert has promtool unit tests that show it
 * firing and not firing (monitoring/prometheus/tests/*.yml, enforced by a vitest test).
 */
import { histogramSeries, label, metric } from '../../src/catalogue.js';
import { quantile, ratio, selector, sumIncrease } from '../../src/promql.js';
import { DEFAULT_HOURLY_LLM_BUDGET_USD, LLM_BUDGET_SERIES } from './budget.js';
import { SERVICE_RULES } from './services.js';
import type { AlertRule, Layer, RuleGroup, Severity } from './types.js';

/** Share of failed analyses per instance that warns / pages. */
export const ERROR_RATIO_WARNING = 0.1;
export const ERROR_RATIO_CRITICAL = 0.25;
/** p95 analysis duration, in seconds, above which `SlowAnalysis` fires (a bucket boundary). */
export const SLOW_ANALYSIS_P95_SECONDS = 300;
/** Share of failed executions of one agent that fires `AgentFailing`. */
export const AGENT_ERROR_RATIO = 0.2;
/** Share of failed runs of one workflow (a graph run outside any analysis) that fires `WorkflowFailing`. */
export const WORKFLOW_ERROR_RATIO = 0.2;
/** Share of failed LLM requests to one model that fires `LLMProviderErrors`. */
export const LLM_ERROR_RATIO = 0.05;
/** Share of spans Langfuse refused or never received that fires `LangfuseExportFailing`. */
export const LANGFUSE_FAILURE_RATIO = 0.1;
/** Connections in use over `max_connections`. */
export const PG_CONNECTIONS_WARNING = 0.8;
export const PG_CONNECTIONS_CRITICAL = 0.95;
/** Free share of a filesystem. */
export const DISK_FREE_WARNING = 0.15;
export const DISK_FREE_CRITICAL = 0.05;
/** Available share of memory. */
export const MEMORY_AVAILABLE_WARNING = 0.1;

const W = '5m';

/** `0.15` -> `15%`, without floating-point noise. */
const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;
const JOB_INSTANCE = ['job', 'instance'];
const APP_JOB = 'tradingagents';
/** Jobs of the monitoring stack's own exporters (the app has `TelemetryTargetDown`). */
const EXPORTER_JOBS = 'node|postgres|alertmanager|blackbox-exporter|cadvisor';
/** Real filesystems only: pseudo and in-memory ones are always "full" or irrelevant. */
const FS = { fstype: '!~tmpfs|ramfs|squashfs|nsfs' };

function rule(
  alert: string,
  severity: Severity,
  layer: Layer,
  forDuration: string,
  expr: string,
  annotations: AlertRule['annotations'],
): AlertRule {
  return { alert, expr, for: forDuration, labels: { severity, layer }, annotations };
}

const analyses = metric('analyses');
const errorRatio = ratio(analyses, {}, { [label('analyses', 'status')]: 'error' }, JOB_INSTANCE, W);

function highErrorRate(severity: Severity, threshold: number): AlertRule {
  return rule('HighErrorRate', severity, 'app', '10m', `${errorRatio} > ${threshold}`, {
    summary: `More than ${pct(threshold)} of analyses fail on {{ $labels.instance }}`,
    description:
      '{{ $value | humanizePercentage }} of the analyses completed by {{ $labels.job }}/{{ $labels.instance }} ' +
      `in the last ${W} ended with status="error" (threshold ${pct(threshold)}, for 10m).`,
    runbook:
      'Open the Application dashboard for the instance, then the failing traces in Langfuse (filter on ' +
      'level ERROR). Check LLMProviderErrors and AgentFailing: most analysis errors come from one provider ' +
      'or one agent. Check the app logs for exceptions outside agents (data fetch, database). Roll back a ' +
      'recent deploy if errors started with it.',
  });
}

const budget = `scalar(${LLM_BUDGET_SERIES} or vector(${DEFAULT_HOURLY_LLM_BUDGET_USD}))`;
const hourlyCost = sumIncrease(metric('llmCost'), {}, ['job'], '1h');

function highLlmCost(severity: Severity, factor: number): AlertRule {
  const limit = factor === 1 ? budget : `${factor} * ${budget}`;
  return rule('HighLLMCost', severity, 'app', '5m', `${hourlyCost} > ${limit}`, {
    summary:
      factor === 1
        ? 'LLM spend of {{ $labels.job }} in the last hour is over the hourly budget'
        : `LLM spend of {{ $labels.job }} in the last hour is over ${factor}x the hourly budget`,
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a dollar sign before a Prometheus template.
      '{{ $labels.job }} spent ${{ $value | printf "%.2f" }} on LLM calls in the last hour ' +
      `(increase of ${metric('llmCost')} over 1h; budget series ${LLM_BUDGET_SERIES}` +
      `${factor === 1 ? '' : ` x${factor}`}).`,
    runbook:
      'Open the Business / LLM cost dashboard: find the model and agent whose cost rose (cost by model, ' +
      'tokens per agent). Look for a retry loop, a prompt that grew, or a switch to a pricier model. ' +
      'Throttle or pause analyses if the spend is unexpected; raise the budget in ' +
      'monitoring/prometheus/rules/budget.yml if it is expected.',
  });
}

const slowAnalysisExpr = `${quantile(0.95, histogramSeries('analysisDuration', 'bucket'), {}, JOB_INSTANCE, W)} > ${SLOW_ANALYSIS_P95_SECONDS}`;

const agentRatio = ratio(
  metric('agentExecutions'),
  {},
  { [label('agentExecutions', 'status')]: 'error' },
  [...JOB_INSTANCE, label('agentExecutions', 'agent_name')],
  W,
);

const workflowRatio = ratio(
  metric('workflowRuns'),
  {},
  { [label('workflowRuns', 'status')]: 'error' },
  [...JOB_INSTANCE, label('workflowRuns', 'workflow')],
  W,
);

const llmErrorRatio = ratio(
  metric('llmRequests'),
  {},
  { [label('llmRequests', 'status')]: 'error' },
  [...JOB_INSTANCE, label('llmRequests', 'model')],
  W,
);

const langfuseRatio = ratio(
  metric('exportedSpans'),
  { [label('exportedSpans', 'exporter')]: 'langfuse' },
  { [label('exportedSpans', 'result')]: 'failure' },
  JOB_INSTANCE,
  W,
);

/** Spans lost in the last 10 minutes, by exporter and reason (none is expected: outages are retried). */
const lostSpans = sumIncrease(
  metric('lostSpans'),
  {},
  [...JOB_INSTANCE, label('lostSpans', 'exporter'), label('lostSpans', 'reason')],
  '10m',
);

const pgConnections =
  `(\n  sum by (job, instance) (pg_stat_activity_count)\n/ on (job, instance)\n` +
  '  max by (job, instance) (pg_settings_max_connections)\n)';

function pgSaturation(severity: Severity, threshold: number, forDuration: string): AlertRule {
  return rule(
    'PostgresConnectionsSaturated',
    severity,
    'infra',
    forDuration,
    `${pgConnections} > ${threshold}`,
    {
      summary: `PostgreSQL {{ $labels.instance }} uses more than ${pct(threshold)} of max_connections`,
      description:
        '{{ $value | humanizePercentage }} of max_connections are in use on {{ $labels.instance }} ' +
        '(pg_stat_activity_count over pg_settings_max_connections). New connections fail at 100%.',
      runbook:
        'Open the Database dashboard: see which database and state hold connections (idle in transaction ' +
        'points at a leaked client). Check the app pool size times its instance count against ' +
        'max_connections; put PgBouncer in front or raise max_connections (needs a restart).',
    },
  );
}

const diskFree = `(\n  ${selector('node_filesystem_avail_bytes', FS)}\n/\n  ${selector('node_filesystem_size_bytes', FS)}\n)`;

function diskSpace(severity: Severity, threshold: number, forDuration: string): AlertRule {
  return rule(
    'NodeDiskSpaceLow',
    severity,
    'infra',
    forDuration,
    `${diskFree} < ${threshold}\nand on (job, instance, device, mountpoint)\n  ${selector('node_filesystem_readonly', FS)} == 0`,
    {
      summary: `Less than ${pct(threshold)} disk space left on {{ $labels.instance }} {{ $labels.mountpoint }}`,
      description:
        '{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has ' +
        '{{ $value | humanizePercentage }} of its space available.',
      runbook:
        'Find what grew (du -xh --max-depth=1 on the mount point): Prometheus TSDB, PostgreSQL data or WAL, ' +
        'logs. Lower Prometheus retention (--storage.tsdb.retention.time), rotate logs, or grow the volume.',
    },
  );
}

/** Alerts on the app's own metrics and on its scrape target. */
const APP_RULES: readonly AlertRule[] = [
  highErrorRate('warning', ERROR_RATIO_WARNING),
  highErrorRate('critical', ERROR_RATIO_CRITICAL),
  rule('SlowAnalysis', 'warning', 'app', '15m', slowAnalysisExpr, {
    summary: `p95 analysis duration on {{ $labels.instance }} is over ${SLOW_ANALYSIS_P95_SECONDS / 60} minutes`,
    description:
      '95% of the analyses completed by {{ $labels.job }}/{{ $labels.instance }} in the last 5m took up to ' +
      '{{ $value | humanizeDuration }} (p95 from the tradingagents_analysis_duration_seconds histogram).',
    runbook:
      'Open the Agent performance dashboard: find the agent whose p95 duration rose, then its slowest ' +
      'traces in Langfuse. Check the LLM provider latency (gen_ai_client_operation_duration) and rate limits, ' +
      'the queue length and CPU on the Application and System dashboards.',
  }),
  highLlmCost('warning', 1),
  highLlmCost('critical', 2),
  rule('AgentFailing', 'warning', 'app', '10m', `${agentRatio} > ${AGENT_ERROR_RATIO}`, {
    summary: `Agent {{ $labels.agent_name }} fails more than ${pct(AGENT_ERROR_RATIO)} of its executions`,
    description:
      '{{ $value | humanizePercentage }} of the executions of agent {{ $labels.agent_name }} on ' +
      '{{ $labels.instance }} ended with status="error" in the last 5m.',
    runbook:
      'Open the Agent performance dashboard filtered on the agent, then its failed spans in Langfuse. ' +
      'Typical causes: a tool the agent calls is failing (tool calls by status), the model returns output ' +
      'the agent cannot parse, or the provider errors (LLMProviderErrors).',
  }),
  rule('WorkflowFailing', 'warning', 'app', '10m', `${workflowRatio} > ${WORKFLOW_ERROR_RATIO}`, {
    summary: `Workflow {{ $labels.workflow }} fails more than ${pct(WORKFLOW_ERROR_RATIO)} of its runs`,
    description:
      '{{ $value | humanizePercentage }} of the runs of workflow {{ $labels.workflow }} on ' +
      '{{ $labels.instance }} ended with status="error" in the last 5m (tradingagents_workflow_runs_total).',
    runbook:
      'Open the Application dashboard (Workflows row), then the failed traces named after the workflow in ' +
      'Langfuse (level ERROR): the failing node is the agent span marked ERROR. Check AgentFailing and ' +
      'LLMProviderErrors for the same instance; errors that start with a deploy point at the graph code or ' +
      'its input.',
  }),
  rule('LLMProviderErrors', 'warning', 'app', '10m', `${llmErrorRatio} > ${LLM_ERROR_RATIO}`, {
    summary: `More than ${pct(LLM_ERROR_RATIO)} of LLM requests to {{ $labels.model }} fail`,
    description:
      '{{ $value | humanizePercentage }} of the LLM requests from {{ $labels.instance }} to model ' +
      '{{ $labels.model }} ended with status="error" in the last 5m (tradingagents_llm_requests_total).',
    runbook:
      "Check the provider's status page and the error types on the failed generations in Langfuse: 429 " +
      'means rate limits (lower concurrency, raise the quota), 401/403 an expired key, 5xx an outage ' +
      '(switch the model or wait). Errors for one model only point at its name or its deprecation.',
  }),
  rule('TelemetryTargetDown', 'critical', 'target', '2m', `${selector('up', { job: APP_JOB })} == 0`, {
    summary: 'Prometheus cannot scrape TradingAgents on {{ $labels.instance }}',
    description:
      'The scrape of {{ $labels.instance }} (job {{ $labels.job }}) has failed for 2 minutes: the app is ' +
      'down, or its metrics endpoint (default port 9464) is not reachable. App alerts of this instance ' +
      'are inhibited meanwhile.',
    runbook:
      'Check that the app process runs and that `curl http://<instance>/metrics` answers from the ' +
      'Prometheus host. Check the Targets page of Prometheus for the scrape error; check the ' +
      'file_sd target files (monitoring/prometheus/targets/*.json) and the port the app exports on ' +
      '(OTEL_EXPORTER_PROMETHEUS_PORT).',
  }),
  rule('LangfuseExportFailing', 'warning', 'app', '10m', `${langfuseRatio} > ${LANGFUSE_FAILURE_RATIO}`, {
    summary: `More than ${pct(LANGFUSE_FAILURE_RATIO)} of spans fail to reach Langfuse from {{ $labels.instance }}`,
    description:
      '{{ $value | humanizePercentage }} of the spans {{ $labels.instance }} handed to the Langfuse ' +
      'exporter in the last 5m failed (tradingagents_telemetry_exported_spans_total{exporter="langfuse"}). ' +
      'Traces are missing in Langfuse meanwhile; metrics are not affected.',
    runbook:
      'Check that Langfuse is up (its /api/public/health) and reachable from the app, and that ' +
      'LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY / LANGFUSE_BASE_URL are right (401 means wrong keys). ' +
      'Check tradingagents_telemetry_internal_errors_total for the exporter component.',
  }),
  rule('TelemetrySpansLost', 'warning', 'app', '0m', `${lostSpans} > 0`, {
    summary: '{{ $labels.instance }} lost spans on the way to {{ $labels.exporter }} ({{ $labels.reason }})',
    description:
      '{{ $value | humanize }} spans of {{ $labels.instance }} were lost in the last 10m before reaching the ' +
      '{{ $labels.exporter }} exporter, reason {{ $labels.reason }} (tradingagents_telemetry_lost_spans_total). ' +
      'Outages are retried with backoff for exportRetrySeconds (default 5 min), so a loss means the endpoint ' +
      'rejected the spans, an outage outlasted the bound or the queue, or a final flush met a failing endpoint.',
    runbook:
      'rejected: the endpoint answered 4xx; check LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY and that LANGFUSE_BASE_URL ' +
      "is the keys' region (or OTEL_EXPORTER_OTLP_ENDPOINT/HEADERS for otlp). retry_expired or queue_full: the endpoint " +
      'was down longer than the retry bound or the queue (langfuse.maxQueueSize); check its health. flush_failed: the ' +
      'process stopped while the endpoint was failing.',
  }),
];

/** Alerts on the exporters of the stack: PostgreSQL, the node, the stack's own targets. */
const INFRA_RULES: readonly AlertRule[] = [
  rule('PostgresDown', 'critical', 'infra', '1m', 'pg_up == 0', {
    summary: 'PostgreSQL is down for the exporter on {{ $labels.instance }}',
    description:
      'postgres_exporter on {{ $labels.instance }} cannot connect to PostgreSQL (pg_up == 0) for 1 minute.',
    runbook:
      'Check that PostgreSQL runs (pg_isready -h <host> -p <port>), has free disk, and accepts the ' +
      "exporter's DSN (POSTGRES_EXPORTER_DSN / DATA_SOURCE_NAME): read the exporter's log for the error.",
  }),
  pgSaturation('warning', PG_CONNECTIONS_WARNING, '5m'),
  pgSaturation('critical', PG_CONNECTIONS_CRITICAL, '2m'),
  diskSpace('warning', DISK_FREE_WARNING, '15m'),
  diskSpace('critical', DISK_FREE_CRITICAL, '5m'),
  rule(
    'NodeMemoryLow',
    'warning',
    'infra',
    '10m',
    `(\n  node_memory_MemAvailable_bytes\n/\n  node_memory_MemTotal_bytes\n) < ${MEMORY_AVAILABLE_WARNING}`,
    {
      summary: `Less than ${pct(MEMORY_AVAILABLE_WARNING)} memory available on {{ $labels.instance }}`,
      description: '{{ $labels.instance }} has {{ $value | humanizePercentage }} of its memory available.',
      runbook:
        'Find the biggest processes (ps aux --sort=-rss | head). Check the app for a leak (its heap over ' +
        'time), PostgreSQL shared_buffers/work_mem, and Prometheus head series. Add memory or move a service.',
    },
  ),
  rule(
    'MonitoringTargetDown',
    'warning',
    'target',
    '5m',
    `${selector('up', { job: `~${EXPORTER_JOBS}` })} == 0`,
    {
      summary: 'Prometheus cannot scrape {{ $labels.job }} on {{ $labels.instance }}',
      description:
        'The scrape of {{ $labels.instance }} (job {{ $labels.job }}) has failed for 5 minutes; the alerts ' +
        'that rely on it cannot fire meanwhile.',
      runbook:
        'Check that the exporter runs (pnpm monitoring:up prints the URLs; with Docker, docker compose -f ' +
        'docker-compose.monitoring.yml ps) and the scrape error on the Targets page of Prometheus.',
    },
  ),
];

/** Alert rule groups, in file order. */
export const ALERT_GROUPS: readonly RuleGroup<AlertRule>[] = [
  { name: 'tradingagents.alerts', rules: APP_RULES },
  { name: 'infrastructure.alerts', rules: INFRA_RULES },
  { name: 'services.alerts', rules: SERVICE_RULES },
];
