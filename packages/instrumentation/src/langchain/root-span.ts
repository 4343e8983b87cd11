import type { Context } from '@opentelemetry/api';
import { startWorkflow } from '@tradingagents/telemetry/instrumentation-api';

/**
 * Opens the `chain` span of a root run that starts outside any span (e.g. a compiled graph invoked
 * without `trackAnalysis`), so that all its agents land in one trace, and makes the run a workflow:
 * the core records its count by status, duration and LLM cost under the run's name. The span comes
 * from the core's own tracer (not the global one, which the app may own); without a registered
 * runtime the run is not recorded and `ctx` is `parentCtx`.
 */
export function startRootChainSpan(
  name: string,
  parentCtx: Context,
): { ctx: Context; end: (error?: unknown) => void } {
  const workflow = startWorkflow(name, { parentContext: parentCtx });
  return { ctx: workflow.context, end: workflow.end };
}
