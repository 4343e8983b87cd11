/**
 * `@tradingagents/telemetry/instrumentation-api`: what instrumentations (ours in
 * `@tradingagents/instrumentation`, or yours) build on. Apps use the root export instead.
 *
 * - `start*` open a scope by hand and return it (end it with `scope.end(error?)`), for frameworks
 *   whose calls cannot be wrapped in a `track*` callback.
 * - The context readers tell an instrumentation where it runs: under which agent, inside a
 *   generation (do not record the same call twice), inside one of our runs.
 * - The readers and `isThenable` read untrusted values without throwing.
 * - `claimGlobalTracer` takes over the global provider's tracer of a library that draws its spans
 *   from it under a fixed name, to turn those spans into scopes.
 */

export { claimGlobalTracer } from './claimed-tracers.js';
export type { EnvSource } from './config-table/env-reader.js';
export { EnvReader } from './config-table/env-reader.js';
export { getAgentName, isInsideGeneration, isInsideTrackedRun } from './context.js';
export { componentLog } from './diag-logger.js';
export type { TradingAgentsInstrumentationPackage } from './instrumentation-contract.js';
export { shouldExportToLangfuse, TRACER_NAME } from './langfuse.js';
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
export { normalizeUsage } from './usage.js';
export { readNonNegative, readNumber, readObject, readString } from './util/read.js';
export { isThenable } from './util/thenable.js';
