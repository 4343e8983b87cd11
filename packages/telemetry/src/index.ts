/**
 * `@tradingagents/telemetry`: Prometheus metrics and Langfuse spans for multi-agent LLM apps.
 *
 * Start once with {@link registerTradingAgentsTelemetry} (or `node --import @tradingagents/telemetry/register`),
 * wrap work in `track*`, record outcomes with `record*`. Subpaths hold the rest:
 * `/instrumentation-api` (for instrumentations), `/catalogue` (metric names), `/config` (the option
 * table, env keys, defaults), `/pricing` (prices and cost), `/serving` (the `/metrics` server),
 * `/cluster` (one `/metrics` per host under `node:cluster`).
 */

export { TelemetryConfigError } from './config.js';
export type { TelemetryHandle } from './handle.js';
export type { ModelPrice, TokenUsage } from './pricing/types.js';
export type { ExportStats } from './queueing-exporter.js';
export { recordFeedback, recordTradeDecision, recordTradeOutcome, setQueueLength } from './record.js';
export { registerTradingAgentsTelemetry } from './register-telemetry.js';
export type {
  AgentScope,
  AnalysisInfo,
  AnalysisScope,
  GenerationInfo,
  GenerationScope,
  ToolScope,
  WorkflowScope,
} from './scopes/types.js';
export { trackAgent, trackAnalysis, trackLlmCall, trackTool, trackWorkflow } from './track.js';
export type { ContentMask, TradingAgentsTelemetryOptions } from './types.js';
export { VERSION } from './version.js';
