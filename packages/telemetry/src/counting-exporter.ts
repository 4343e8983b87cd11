import { diag } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export type ExportOutcome = (ok: boolean, spans: number) => void;

/**
 * Wraps a span exporter to count exported and lost spans in a self-metric and to log failures
 * through `diag` (once per failure streak), so an outage is visible on `/metrics` and never thrown.
 */
export class CountingSpanExporter implements SpanExporter {
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly name: string,
    private readonly outcome: ExportOutcome,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let settled = false;
    const done = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      const ok = result.code === ExportResultCode.SUCCESS;
      try {
        this.outcome(ok, spans.length);
        if (!ok && !this.failing) {
          diag.error(
            `@tradingagents/telemetry: ${this.name} export failed; ${spans.length} span(s) lost (${result.error?.message ?? 'unknown error'}). Further failures are counted in tradingagents_telemetry_exported_spans_total.`,
          );
        } else if (ok && this.failing) {
          diag.info(`@tradingagents/telemetry: ${this.name} export recovered.`);
        }
        this.failing = !ok;
      } catch {
        // Counting must never break export.
      }
      resultCallback(result);
    };
    try {
      this.inner.export(spans, done);
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
