import type { Context, Span } from '@opentelemetry/api';
import type { InternalComponent } from '../recorder.js';
import type { TelemetryRuntime } from '../runtime.js';
import { markError } from './span-status.js';

/**
 * What every scope shares: its span and context, and an `end` that runs once, records the scope's
 * metrics, marks the span on error and ends it, with every step guarded so nothing reaches the app.
 * Public methods are bound functions, as instrumentations pass `scope.end` around on its own.
 */
export abstract class SpanScope {
  private ended = false;

  protected constructor(
    protected readonly runtime: TelemetryRuntime,
    private readonly component: InternalComponent,
    /** The span, or a non-recording span when telemetry is off. */
    readonly span: Span,
    /** The OTel context to run child work in. */
    readonly context: Context,
  ) {}

  /** Ends the scope; idempotent. Pass the error when the work failed. */
  readonly end = (error?: unknown): void => {
    if (this.ended) return;
    this.ended = true;
    this.runtime.guard(this.component, () => {
      this.finish(error);
      if (error !== undefined) markError(this.span, error);
      this.span.end();
    });
  };

  /** Records the scope's metrics and final attributes, once, before the span ends. */
  protected abstract finish(error: unknown): void;

  /** Sets `key` (or each of several keys) to the captured content, when content capture is on (guarded). */
  protected setContent(key: string | readonly string[], content: unknown): void {
    this.runtime.guard(this.component, () => {
      const text = this.runtime.capture(content);
      if (text === undefined) return;
      for (const k of typeof key === 'string' ? [key] : key) this.span.setAttribute(k, text);
    });
  }
}
