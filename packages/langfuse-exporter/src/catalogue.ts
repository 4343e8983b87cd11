/**
 * The metric catalogue of the Langfuse exporter: the one place that defines every series it serves.
 *
 * Names here are a contract shared with the recording and alert rules in `monitoring/` and the README.
 * `prometheusName` is the name as scraped through the OpenTelemetry Prometheus exporter, which appends
 * `_total` to monotonic counters and never appends unit suffixes.
 *
 * The Langfuse series are gauges, not counters: each value is an aggregate over a rolling window that
 * Langfuse computed, so it goes down as well as up when old observations leave the window.
 */

/** How the instrument is created through the OTel metrics API. */
export type InstrumentKind = 'counter' | 'histogram' | 'gauge';

/** The `# TYPE` the Prometheus exporter writes for it. */
export type PrometheusType = 'counter' | 'histogram' | 'gauge';

export interface ExporterMetricDefinition {
  /** OTel instrument name (what `meter.createX(name)` receives). */
  readonly name: string;
  /** The series family name as scraped from `/metrics`. */
  readonly prometheusName: string;
  readonly kind: InstrumentKind;
  readonly prometheusType: PrometheusType;
  /** UCUM unit. Informational: the exporter does not append it. */
  readonly unit: string;
  readonly description: string;
  /** Label keys as scraped. */
  readonly labels: readonly string[];
  /** Explicit bucket boundaries for histograms, in the instrument's unit. */
  readonly buckets?: readonly number[];
  /** Self-metrics describe the exporter's own health rather than Langfuse data. */
  readonly self: boolean;
}

/** Label value a bounded label folds into once its bound is reached (same as the core SDK). */
export const OVERFLOW_LABEL_VALUE = '__other__';
/** Label value for a dimension Langfuse returned as null or empty (e.g. an observation without a trace name). */
export const UNKNOWN_LABEL_VALUE = 'unknown';
/**
 * `trace_name` of the cost, tokens and calls the v1 Metrics API counts but cannot name a trace for:
 * model calls whose trace started outside the window or has no trace row (v1's trace-name grouping
 * inner-joins traces in the window and drops them), and groups beyond the row limit of the trace-name
 * breakdown. Never set on v2.
 */
export const UNATTRIBUTED_LABEL_VALUE = '__unattributed__';
/** Values of the `type` label on the token gauge. */
export const TOKEN_TYPES = ['input', 'output', 'total'] as const;
/** Values of the `reason` label on the poll error counter. */
export const POLL_ERROR_REASONS = [
  'auth',
  'unreachable',
  'timeout',
  'malformed',
  'rate_limited',
  'http_status',
] as const;
export type PollErrorReason = (typeof POLL_ERROR_REASONS)[number];

const POLL_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];
const GROUP_LABELS = ['model', 'trace_name', 'environment'] as const;

function define(
  def: Omit<ExporterMetricDefinition, 'prometheusName' | 'prometheusType'>,
): ExporterMetricDefinition {
  const prometheusType: PrometheusType =
    def.kind === 'counter' ? 'counter' : def.kind === 'histogram' ? 'histogram' : 'gauge';
  return Object.freeze({
    ...def,
    labels: Object.freeze([...def.labels]),
    prometheusName: prometheusType === 'counter' ? `${def.name}_total` : def.name,
    prometheusType,
  });
}

export const EXPORTER_METRICS = Object.freeze({
  cost: define({
    name: 'tradingagents_langfuse_cost_usd',
    kind: 'gauge',
    unit: 'USD',
    description: 'LLM cost Langfuse computed over the rolling window, by model, trace name and environment.',
    labels: GROUP_LABELS,
    self: false,
  }),
  tokens: define({
    name: 'tradingagents_langfuse_tokens',
    kind: 'gauge',
    unit: '{token}',
    description:
      'Tokens Langfuse counted over the rolling window, by model, trace name, environment and type.',
    labels: [...GROUP_LABELS, 'type'],
    self: false,
  }),
  observations: define({
    name: 'tradingagents_langfuse_observations',
    kind: 'gauge',
    unit: '{observation}',
    description:
      'Model-call observations in Langfuse over the rolling window, by model, trace name and environment.',
    labels: GROUP_LABELS,
    self: false,
  }),
  latencyP95: define({
    name: 'tradingagents_langfuse_latency_p95_seconds',
    kind: 'gauge',
    unit: 's',
    description:
      'p95 observation latency over the rolling window, by model, trace name and environment (folded groups show the max).',
    labels: GROUP_LABELS,
    self: false,
  }),
  window: define({
    name: 'tradingagents_langfuse_window_seconds',
    kind: 'gauge',
    unit: 's',
    description: 'Length of the rolling window the Langfuse series cover.',
    labels: [],
    self: true,
  }),
  queryDelay: define({
    name: 'tradingagents_langfuse_query_delay_seconds',
    kind: 'gauge',
    unit: 's',
    description:
      'How far before the poll the window ends, so late-ingested data is counted (match it with `offset`).',
    labels: [],
    self: true,
  }),
  lastSuccess: define({
    name: 'tradingagents_langfuse_last_success_timestamp_seconds',
    kind: 'gauge',
    unit: 's',
    description:
      'Unix time of the last successful poll (0 until the first one); the Langfuse series date from it.',
    labels: [],
    self: true,
  }),
  pollErrors: define({
    name: 'tradingagents_langfuse_poll_errors',
    kind: 'counter',
    unit: '{error}',
    description: `Failed polls of the Langfuse Metrics API, by reason (${POLL_ERROR_REASONS.join(', ')}).`,
    labels: ['reason'],
    self: true,
  }),
  pollDuration: define({
    name: 'tradingagents_langfuse_poll_duration_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Duration of one poll of the Langfuse Metrics API, by result (success, error).',
    labels: ['result'],
    buckets: POLL_DURATION_BUCKETS,
    self: true,
  }),
  apiInfo: define({
    name: 'tradingagents_langfuse_api_info',
    kind: 'gauge',
    unit: '1',
    description:
      'Always 1; api_version says which Metrics API answers (v2, or v1 on servers without the v2 API, e.g. self-hosted Langfuse v3).',
    labels: ['api_version'],
    self: true,
  }),
  foldedGroups: define({
    name: 'tradingagents_langfuse_folded_groups',
    kind: 'gauge',
    unit: '{group}',
    description: `Groups in the cached snapshot whose label value was folded into "${OVERFLOW_LABEL_VALUE}", by label.`,
    labels: ['label'],
    self: true,
  }),
  driftThreshold: define({
    name: 'tradingagents_langfuse_cost_drift_threshold_ratio',
    kind: 'gauge',
    unit: '1',
    description: 'Configured cost drift tolerance read by the LangfuseCostDrift alert (0.1 means 10%).',
    labels: [],
    self: true,
  }),
} as const);

export type ExporterMetricKey = keyof typeof EXPORTER_METRICS;

/** Every metric definition, in catalogue order. */
export const EXPORTER_METRIC_CATALOGUE: readonly ExporterMetricDefinition[] = Object.freeze(
  Object.values(EXPORTER_METRICS),
);
