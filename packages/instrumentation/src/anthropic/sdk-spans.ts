import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { log } from '../shared/safe.js';

/**
 * Context key set around the SDK calls whose generation is recorded already (by us, or above us by
 * LangChain or `trackLlmCall`). A registered symbol: the ESM and CJS builds of this package must agree.
 */
const RECORDED = Symbol.for('@tradingagents/instrumentation.anthropic-recorded');
/** Marks a client's tracer as wrapped by us. */
const OURS = Symbol.for('@tradingagents/instrumentation.anthropic-tracer');

/** `ctx` marked so that the SDK's own span for the call is not recorded. */
export function markRecorded(ctx: Context): Context {
  return ctx.setValue(RECORDED, true);
}

type TracerHolder = { _client?: { _tracer?: unknown } };

/**
 * `@anthropic-ai/sdk` 0.134 and later trace their own API calls with the global tracer provider
 * (scope `com.anthropic.sdk.typescript`): a second span per call, with usage, that Langfuse would
 * show and price as a second generation. The client's tracer is wrapped once so that a span started
 * in a context marked by {@link markRecorded} is a non-recording one, which the SDK then skips
 * (`startApiCallSpan` drops a span that neither records nor propagates). The app's own context is
 * left alone: nothing is suppressed for its code, and calls outside ours are traced as before.
 */
export function silenceRedundantSdkSpans(resource: unknown): void {
  const client = (resource as TracerHolder | null)?._client;
  const tracer = client?._tracer as (Tracer & { [OURS]?: boolean }) | undefined;
  if (client === undefined || tracer === undefined || tracer === null || tracer[OURS]) return;
  if (typeof tracer.startSpan !== 'function') return;
  try {
    const wrapped: Tracer & { [OURS]: boolean } = {
      [OURS]: true,
      startSpan(name, options, ctx): Span {
        if ((ctx ?? context.active()).getValue(RECORDED) === true)
          return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
        return tracer.startSpan(name, options, ctx);
      },
      startActiveSpan: ((...args: unknown[]) =>
        (tracer.startActiveSpan as (...a: unknown[]) => unknown).apply(
          tracer,
          args,
        )) as Tracer['startActiveSpan'],
    };
    client._tracer = wrapped;
  } catch (error) {
    log.debug('Anthropic: could not wrap the client tracer; its own spans stay', error);
  }
}
