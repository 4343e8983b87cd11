/**
 * The metric catalogue: the one place that defines every instrument this SDK creates.
 *
 * Names here are a contract. `prometheusName` is the name as scraped from `/metrics` through the
 * OpenTelemetry Prometheus exporter, which appends `_total` to monotonic counters and never appends
 * unit suffixes. Docs, dashboards, alert rules and tests derive from (or are checked against) this list.
 *
 * Longer than ~300 lines because it is one table: one `define(...)` per instrument, kept together so
 * that the whole contract reads in one place.
 */

/**
 * The kind of series, in OTel terms: how the metric store exports it as OTel metric data (for OTLP
 * and the Prometheus exporter): `counter` a monotonic Sum, `updowncounter` a non-monotonic Sum,
 * `gauge` a Gauge, `histogram` an explicit-bucket Histogram. No OTel instrument is created: the
 * recorder writes into the store, which every metric reader collects as a metric producer.
 */
export type InstrumentKind = 'counter' | 'histogram' | 'updowncounter' | 'gauge';

/** The `# TYPE` the Prometheus exporter writes for it. */
export type PrometheusType = 'counter' | 'histogram' | 'gauge';

/** A label whose values come from user data and are bounded by {@link CardinalityOptions}. */
export type BoundedLabelKind = 'ticker' | 'model' | 'agent' | 'tool' | 'workflow';

export interface MetricDefinition {
  /** The OTel metric name (as exported over OTLP). */
  readonly name: string;
  /** The series family name as scraped from `/metrics`. */
  readonly prometheusName: string;
  readonly kind: InstrumentKind;
  readonly prometheusType: PrometheusType;
  /** UCUM unit. Informational: the exporter does not append it. */
  readonly unit: string;
  readonly description: string;
  /** Label keys as scraped (OTel attribute keys with `.` sanitised to `_`). */
  readonly labels: readonly string[];
  /** OTel attribute keys, parallel to `labels`. */
  readonly attributeKeys: readonly string[];
  /** Explicit bucket boundaries for histograms, in the instrument's unit. */
  readonly buckets?: readonly number[];
  /** Which labels carry user data and so are folded past a bound. */
  readonly bounded?: Readonly<Record<string, BoundedLabelKind>>;
  /** Self-metrics describe the SDK's own health rather than the app. */
  readonly self?: boolean;
  /**
   * The OTel GenAI semantic-convention metric this instrument measures under our own name (same
   * boundary as the span of that operation), for instruments that are not themselves a semconv one.
   */
  readonly semconv?: string;
}

/** The `status` label of runs, executions, requests and tool calls. */
export const STATUS = Object.freeze({ ok: 'success', error: 'error' } as const);
/** Every `status` label value. */
export const ANALYSIS_STATUSES = Object.freeze([STATUS.ok, STATUS.error] as const);
/** The `token_type` label values (the token vocabulary is in tokens.ts). */
export { TOKEN_TYPES } from './tokens.js';
/** Closed value sets for enum-like labels; anything else is folded to `OTHER`/`other`. */
export const TRADE_DECISIONS = ['BUY', 'SELL', 'HOLD'] as const;
export const TRADE_OUTCOMES = ['win', 'loss', 'flat'] as const;
export const OVERFLOW_LABEL_VALUE = '__other__';

const ANALYSIS_DURATION_BUCKETS = [1, 2.5, 5, 10, 20, 30, 60, 120, 180, 300, 600, 900, 1800, 3600];
const AGENT_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 240, 400];
/** Graph runs range from a sub-second router to an hour-long multi-agent pipeline. */
const WORKFLOW_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];
const ANALYSIS_COST_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50,
];
const FEEDBACK_SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** GenAI semconv advice for `gen_ai.client.operation.duration` and `gen_ai.execute_tool.duration` (seconds). */
const GEN_AI_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** GenAI semconv advice for `gen_ai.client.token.usage`. */
const GEN_AI_TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

const sanitise = (key: string): string => key.replace(/[^a-zA-Z0-9_]/g, '_');

function define(
  def: Omit<MetricDefinition, 'prometheusName' | 'prometheusType' | 'labels'> & {
    attributeKeys: readonly string[];
  },
): MetricDefinition {
  const base = sanitise(def.name);
  const prometheusType: PrometheusType =
    def.kind === 'counter' ? 'counter' : def.kind === 'histogram' ? 'histogram' : 'gauge';
  return Object.freeze({
    ...def,
    prometheusName: prometheusType === 'counter' ? `${base}_total` : base,
    prometheusType,
    labels: Object.freeze(def.attributeKeys.map(sanitise)),
  });
}

export const METRICS = Object.freeze({
  analyses: define({
    name: 'tradingagents_analyses',
    kind: 'counter',
    unit: '{analysis}',
    description: 'Analyses completed, by ticker and status.',
    attributeKeys: ['ticker', 'status'],
    bounded: { ticker: 'ticker' },
  }),
  analysisDuration: define({
    name: 'tradingagents_analysis_duration_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Wall-clock duration of one analysis.',
    attributeKeys: ['ticker', 'status'],
    buckets: ANALYSIS_DURATION_BUCKETS,
    bounded: { ticker: 'ticker' },
  }),
  activeAnalyses: define({
    name: 'tradingagents_active_analyses',
    kind: 'updowncounter',
    unit: '{analysis}',
    description: 'Analyses currently running.',
    attributeKeys: [],
  }),
  queueLength: define({
    name: 'tradingagents_analysis_queue_length',
    kind: 'gauge',
    unit: '{analysis}',
    description: 'Analyses waiting in the application queue (set by apps that queue analyses).',
    attributeKeys: [],
  }),
  analysisCost: define({
    name: 'tradingagents_analysis_cost_usd',
    kind: 'histogram',
    unit: 'USD',
    description: 'LLM cost of one analysis: the sum of the LLM costs recorded inside it.',
    attributeKeys: [],
    buckets: ANALYSIS_COST_BUCKETS,
  }),
  workflowRuns: define({
    name: 'tradingagents_workflow_runs',
    kind: 'counter',
    unit: '{run}',
    description:
      'Workflow runs, by workflow and status: every root LangChain/LangGraph run started outside any span (e.g. a graph invoked without `trackAnalysis`), named by its run name, and every `trackWorkflow`. `workflow` is bounded by `cardinality.maxAgents`.',
    attributeKeys: ['workflow', 'status'],
    bounded: { workflow: 'workflow' },
  }),
  workflowDuration: define({
    name: 'tradingagents_workflow_duration_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Wall-clock duration of one workflow run.',
    attributeKeys: ['workflow', 'status'],
    buckets: WORKFLOW_DURATION_BUCKETS,
    bounded: { workflow: 'workflow' },
    semconv: 'gen_ai.workflow.duration',
  }),
  workflowCost: define({
    name: 'tradingagents_workflow_cost_usd',
    kind: 'histogram',
    unit: 'USD',
    description: 'LLM cost of one workflow run: the sum of the LLM costs recorded inside it.',
    attributeKeys: ['workflow'],
    buckets: ANALYSIS_COST_BUCKETS,
    bounded: { workflow: 'workflow' },
  }),
  agentExecutions: define({
    name: 'tradingagents_agent_executions',
    kind: 'counter',
    unit: '{execution}',
    description: 'Agent executions, by agent and status.',
    attributeKeys: ['agent_name', 'status'],
    bounded: { agent_name: 'agent' },
  }),
  agentDuration: define({
    name: 'tradingagents_agent_duration_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Duration of one agent execution.',
    attributeKeys: ['agent_name'],
    buckets: AGENT_DURATION_BUCKETS,
    bounded: { agent_name: 'agent' },
    semconv: 'gen_ai.invoke_agent.duration',
  }),
  llmRequests: define({
    name: 'tradingagents_llm_requests',
    kind: 'counter',
    unit: '{request}',
    description: 'LLM requests, by model, calling agent and status.',
    attributeKeys: ['model', 'agent_name', 'status'],
    bounded: { model: 'model', agent_name: 'agent' },
  }),
  llmTokens: define({
    name: 'tradingagents_llm_tokens',
    kind: 'counter',
    unit: '{token}',
    description:
      'LLM tokens, by model, calling agent and type: input and output (totals), cache_read and cache_write (parts of input), reasoning (part of output).',
    attributeKeys: ['model', 'agent_name', 'type'],
    bounded: { model: 'model', agent_name: 'agent' },
  }),
  llmCost: define({
    name: 'tradingagents_llm_cost_usd',
    kind: 'counter',
    unit: 'USD',
    description: 'LLM cost in US dollars, by model and calling agent, from the price table.',
    attributeKeys: ['model', 'agent_name'],
    bounded: { model: 'model', agent_name: 'agent' },
  }),
  llmUnpricedRequests: define({
    name: 'tradingagents_llm_unpriced_requests',
    kind: 'counter',
    unit: '{request}',
    description:
      'LLM requests whose model has no price: their cost is missing from tradingagents_llm_cost_usd_total (add it with the prices option). By model and calling agent.',
    attributeKeys: ['model', 'agent_name'],
    bounded: { model: 'model', agent_name: 'agent' },
  }),
  toolCalls: define({
    name: 'tradingagents_tool_calls',
    kind: 'counter',
    unit: '{call}',
    description: 'Tool calls, by tool, calling agent and status.',
    attributeKeys: ['tool', 'agent_name', 'status'],
    bounded: { tool: 'tool', agent_name: 'agent' },
  }),
  tradeDecisions: define({
    name: 'tradingagents_trade_decisions',
    kind: 'counter',
    unit: '{decision}',
    description: 'Final trade decisions (BUY, SELL, HOLD).',
    attributeKeys: ['decision'],
  }),
  tradeOutcomes: define({
    name: 'tradingagents_trade_outcomes',
    kind: 'counter',
    unit: '{outcome}',
    description: 'Checked trade outcomes (win, loss, flat), for win rate.',
    attributeKeys: ['outcome'],
  }),
  feedbackScore: define({
    name: 'tradingagents_feedback_score',
    kind: 'histogram',
    unit: '1',
    description: 'User feedback score of an analysis, from 0 (worst) to 1 (best).',
    attributeKeys: [],
    buckets: FEEDBACK_SCORE_BUCKETS,
  }),
  genAiOperationDuration: define({
    name: 'gen_ai.client.operation.duration',
    kind: 'histogram',
    unit: 's',
    description: 'GenAI operation duration (OTel GenAI semantic conventions).',
    attributeKeys: [
      'gen_ai.operation.name',
      'gen_ai.provider.name',
      'gen_ai.request.model',
      'gen_ai.agent.name',
      'error.type',
    ],
    buckets: GEN_AI_DURATION_BUCKETS,
    bounded: { gen_ai_request_model: 'model', gen_ai_agent_name: 'agent' },
  }),
  genAiTokenUsage: define({
    name: 'gen_ai.client.token.usage',
    kind: 'histogram',
    unit: '{token}',
    description: 'Tokens used per GenAI operation (OTel GenAI semantic conventions).',
    attributeKeys: [
      'gen_ai.operation.name',
      'gen_ai.provider.name',
      'gen_ai.request.model',
      'gen_ai.agent.name',
      'gen_ai.token.type',
    ],
    buckets: GEN_AI_TOKEN_BUCKETS,
    bounded: { gen_ai_request_model: 'model', gen_ai_agent_name: 'agent' },
  }),
  genAiToolDuration: define({
    name: 'gen_ai.execute_tool.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of one tool execution (OTel GenAI semantic conventions); `error_type` is empty on success.',
    attributeKeys: ['gen_ai.tool.name', 'gen_ai.agent.name', 'error.type'],
    buckets: GEN_AI_DURATION_BUCKETS,
    bounded: { gen_ai_tool_name: 'tool', gen_ai_agent_name: 'agent' },
  }),
  labelOverflow: define({
    name: 'tradingagents_telemetry_label_overflow',
    kind: 'counter',
    unit: '{record}',
    description: `Records whose label value was folded into \`${OVERFLOW_LABEL_VALUE}\` because its bound was reached.`,
    attributeKeys: ['label'],
    self: true,
  }),
  exportedSpans: define({
    name: 'tradingagents_telemetry_exported_spans',
    kind: 'counter',
    unit: '{span}',
    description:
      'Spans handed to a trace exporter, by exporter (langfuse, otlp) and result (success, failure).',
    attributeKeys: ['exporter', 'result'],
    self: true,
  }),
  lostSpans: define({
    name: 'tradingagents_telemetry_lost_spans',
    kind: 'counter',
    unit: '{span}',
    description:
      'Spans lost on the way to an exporter, by reason: queue_full, rejected (the endpoint answered 4xx), retry_expired (an outage longer than exportRetrySeconds), flush_failed (a final flush met a failing endpoint, no spool), after_shutdown, spool_full (the spool reached spool.maxBytes).',
    attributeKeys: ['exporter', 'reason'],
    self: true,
  }),
  spooledSpans: define({
    name: 'tradingagents_telemetry_spooled_spans',
    kind: 'counter',
    unit: '{span}',
    description:
      'Spans written to the spool at exit because the exporter could not send them (direction written), or read back from it by a later process (restored).',
    attributeKeys: ['exporter', 'direction'],
    self: true,
  }),
  spoolSkippedFiles: define({
    name: 'tradingagents_telemetry_spool_skipped_files',
    kind: 'counter',
    unit: '{file}',
    description:
      'Files in the spool that were not sent: corrupt (unreadable, renamed *.corrupt) or foreign (not ours, or written for another destination; left in place).',
    attributeKeys: ['exporter', 'reason'],
    self: true,
  }),
  internalErrors: define({
    name: 'tradingagents_telemetry_internal_errors',
    kind: 'counter',
    unit: '{error}',
    description: 'Errors inside the telemetry SDK that were caught and kept away from the app, by component.',
    attributeKeys: ['component'],
    self: true,
  }),
} as const);

export type MetricKey = keyof typeof METRICS;

/** Every metric definition, in catalogue order. */
export const METRIC_CATALOGUE: readonly MetricDefinition[] = Object.freeze(Object.values(METRICS));
