import { type Context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TRACER_NAME } from '@tradingagents/telemetry';
import { PACKAGE_VERSION } from '../version.js';

/**
 * Opens the `chain` span of a root run that starts outside any span (e.g. a compiled graph invoked
 * without `trackAnalysis`), so that all its agents land in one trace.
 */
export function startRootChainSpan(
  name: string,
  parentCtx: Context,
): { ctx: Context; end: (error?: unknown) => void } {
  const span = trace.getTracer(TRACER_NAME, PACKAGE_VERSION).startSpan(
    name,
    {
      kind: SpanKind.INTERNAL,
      attributes: { 'langfuse.observation.type': 'chain', 'langfuse.trace.name': name },
    },
    parentCtx,
  );
  const end = (error?: unknown): void => {
    if (error !== undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.message ?? error) });
      span.setAttribute('langfuse.observation.level', 'ERROR');
    }
    span.end();
  };
  return { ctx: trace.setSpan(parentCtx, span), end };
}
