import { type Context, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Which of our spans hang under a local parent that Langfuse never receives: a span of the app's own
 * SDK (another tracer provider), or one of ours that Langfuse's export filter keeps out (the app's
 * HTTP span). Langfuse would show such a span under a missing parent, so the trace would have no
 * root; the copy sent to Langfuse is a root instead. Everything else (the span itself, the OTLP
 * export, the app's own exporters) keeps the real parent, and a remote parent (a caller in another
 * service, which may send to Langfuse too) is always kept.
 */
export class LangfuseRoots {
  private readonly started = new WeakSet<object>();
  private readonly rerooted = new WeakSet<object>();

  constructor(private readonly exportedToLangfuse: (span: ReadableSpan) => boolean) {}

  /** Called for every span our provider starts (first span processor). */
  onStart(span: object, parentContext: Context): void {
    this.started.add(span);
    const parent = trace.getSpan(parentContext);
    if (parent === undefined || parent.spanContext().isRemote) return;
    if (this.started.has(parent) && this.exportedToLangfuse(parent as unknown as ReadableSpan)) return;
    this.rerooted.add(span);
  }

  /** The span as Langfuse should see it. */
  view(span: ReadableSpan): ReadableSpan {
    if (!this.rerooted.has(span)) return span;
    return Object.create(span, { parentSpanContext: { value: undefined, enumerable: true } }) as ReadableSpan;
  }

  /** An exporter that sends {@link view}s to `inner`. */
  exporter<E extends SpanExporter>(inner: E): SpanExporter {
    return {
      export: (spans: ReadableSpan[], done: (result: ExportResult) => void) =>
        inner.export(
          spans.map((s) => this.view(s)),
          done,
        ),
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    };
  }
}
