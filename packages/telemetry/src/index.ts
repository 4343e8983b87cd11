export type {
  BoundedLabelKind,
  InstrumentKind,
  MetricDefinition,
  MetricKey,
  PrometheusType,
} from './catalogue.js';
export {
  ANALYSIS_STATUSES,
  METRIC_CATALOGUE,
  METRICS,
  OVERFLOW_LABEL_VALUE,
  TOKEN_TYPES,
  TRADE_DECISIONS,
  TRADE_OUTCOMES,
} from './catalogue.js';
export type { ResolvedConfig } from './config.js';
export { DEFAULTS, resolveConfig, TelemetryConfigError } from './config.js';
export { captureContent } from './content.js';
export { getAgentName, isInsideGeneration, isInsideTrackedRun } from './context.js';
export type { TelemetryEnvKey } from './env.js';
export { TELEMETRY_ENV_KEYS } from './env.js';
export type { TelemetryHandle } from './handle.js';
export { shouldExportToLangfuse, TRACER_NAME } from './langfuse.js';
export type { MetricsHandler } from './metrics-server.js';
export type { CostBreakdown, ModelPrice, TokenUsage } from './pricing/index.js';
export {
  computeCost,
  createPriceResolver,
  normalizeModelName,
  PRICE_TABLE_VERSION,
} from './pricing/index.js';
export type { ExportStats } from './queueing-exporter.js';
export { recordFeedback, recordTradeDecision, recordTradeOutcome, setQueueLength } from './record.js';
export { registerTradingAgentsTelemetry } from './register-telemetry.js';
export { startAgent, startAnalysis, startGeneration, startTool, startWorkflow } from './scopes/start.js';
export type {
  AgentScope,
  AnalysisInfo,
  AnalysisScope,
  GenerationInfo,
  GenerationResponse,
  GenerationScope,
  StartOptions,
  ToolScope,
  WorkflowScope,
} from './scopes/types.js';
export * as semconv from './semconv.js';
export {
  trackAgent,
  trackAnalysis,
  trackLlmCall,
  trackTool,
  trackWorkflow,
} from './track.js';
export type {
  AutoInstrumentOptions,
  CardinalityOptions,
  ContentMask,
  ContentOptions,
  LangfuseOptions,
  MetricsOptions,
  TradingAgentsTelemetryOptions,
} from './types.js';
export { normalizeUsage } from './usage.js';
export { VERSION } from './version.js';
