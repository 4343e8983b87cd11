import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getAnalysisState } from './context.js';
import type { LangfuseRoots } from './langfuse-roots.js';

/**
 * Copies the analysis's trace-level attributes (trace name, session, user, tags) onto every span
 * started inside it, including spans of other instrumentations. Langfuse needs them on every span.
 */
export class TraceAttributesSpanProcessor implements SpanProcessor {
  constructor(private readonly roots?: LangfuseRoots) {}

  onStart(span: Span, parentContext: Context): void {
    this.roots?.onStart(span, parentContext);
    const state = getAnalysisState(parentContext);
    if (state !== undefined) span.setAttributes(state.traceAttributes);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
