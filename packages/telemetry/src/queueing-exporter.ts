import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { log } from './diag-logger.js';

export type ExportOutcome = (ok: boolean, spans: number) => void;

/** What an export pipeline has done so far; see `TelemetryHandle.exportStats()`. */
export interface ExportStats {
  /** Spans waiting to be sent. */
  readonly queued: number;
  readonly maxQueueSize: number;
  /** Spans the endpoint accepted. */
  readonly exported: number;
  /** Spans lost: rejected or unreachable endpoint, or dropped because the queue was full. */
  readonly failed: number;
  /** The part of `failed` dropped from a full queue. */
  readonly dropped: number;
}

export interface QueueingExporterOptions {
  /** @default 2048 */
  maxQueueSize?: number;
  /** @default 512 */
  maxBatchSize?: number;
  /** How long spans may wait for a fuller batch; 0 sends as soon as the previous export is done. @default 5000 */
  delayMillis?: number;
}

/**
 * Batches spans in front of an exporter, like the SDK's BatchSpanProcessor, but keeps the books:
 * every span is either exported, or counted as lost — including spans dropped from a full queue,
 * which a BatchSpanProcessor only mentions in a log line. One export is in flight at a time, so a
 * burst never opens more connections than the endpoint allows, and memory is bounded by
 * `maxQueueSize` during an outage. `export()` only enqueues and reports success at once: the caller
 * (a SimpleSpanProcessor) never waits for the network.
 */
export class QueueingSpanExporter implements SpanExporter {
  private readonly queue: ReadableSpan[] = [];
  private readonly maxQueueSize: number;
  private readonly maxBatchSize: number;
  private readonly delayMillis: number;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failing = false;
  private droppedSinceLog = 0;
  private exportedCount = 0;
  private failedCount = 0;
  private droppedCount = 0;
  private stopped = false;
  /** While a flush drives the sends itself, completed batches do not schedule the next one. */
  private flushing = 0;

  constructor(
    private readonly inner: SpanExporter,
    private readonly name: string,
    private readonly outcome: ExportOutcome,
    options: QueueingExporterOptions = {},
  ) {
    this.maxQueueSize = options.maxQueueSize ?? 2048;
    this.maxBatchSize = options.maxBatchSize ?? 512;
    this.delayMillis = options.delayMillis ?? 5000;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      this.lose(spans.length, false);
    } else {
      const room = this.maxQueueSize - this.queue.length;
      for (let i = 0; i < spans.length && i < room; i++) this.queue.push(spans[i] as ReadableSpan);
      if (spans.length > room) this.lose(spans.length - Math.max(0, room), true);
      this.schedule();
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  stats(): ExportStats {
    return {
      queued: this.queue.length,
      maxQueueSize: this.maxQueueSize,
      exported: this.exportedCount,
      failed: this.failedCount,
      dropped: this.droppedCount,
    };
  }

  /** Sends everything queued (and what arrives meanwhile), one batch at a time. */
  async forceFlush(): Promise<void> {
    this.clearTimer();
    this.flushing++;
    try {
      while (this.inFlight !== undefined || this.queue.length > 0) {
        if (this.inFlight === undefined) this.sendBatch();
        await this.inFlight;
        // The endpoint just failed a batch: trying each remaining batch would make the flush take
        // (batches × timeout). Count the rest as lost now; later spans will probe the endpoint again.
        if (this.failing && this.inFlight === undefined && this.queue.length > 0) {
          this.lose(this.queue.splice(0).length, false);
        }
      }
    } finally {
      this.flushing--;
    }
    this.schedule();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    this.clearTimer();
    await this.inner.shutdown();
  }

  private schedule(): void {
    if (this.flushing > 0 || this.inFlight !== undefined || this.queue.length === 0 || this.stopped) return;
    if (this.queue.length >= this.maxBatchSize || this.delayMillis === 0) {
      this.clearTimer();
      this.sendBatch();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.inFlight === undefined) this.sendBatch();
      }, this.delayMillis);
      this.timer.unref();
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sendBatch(): void {
    const batch = this.queue.splice(0, this.maxBatchSize);
    if (batch.length === 0) return;
    if (this.droppedSinceLog > 0) {
      log.warn(
        `@tradingagents/telemetry: ${this.name} export queue dropped ${this.droppedSinceLog} span(s) while full.`,
      );
      this.droppedSinceLog = 0;
    }
    for (const span of batch) sanitizeAttributes(span.attributes);
    let resolve: () => void = () => {};
    // Assigned before export() runs: an exporter may call back synchronously.
    const inFlight = new Promise<void>((r) => {
      resolve = r;
    });
    this.inFlight = inFlight;
    let settled = false;
    const done = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      this.settle(result, batch.length);
      if (this.inFlight === inFlight) this.inFlight = undefined;
      resolve();
      this.schedule();
    };
    try {
      this.inner.export(batch, done);
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  private settle(result: ExportResult, count: number): void {
    const ok = result.code === ExportResultCode.SUCCESS;
    if (ok) {
      this.exportedCount += count;
      this.report(true, count);
      if (this.failing) log.info(`@tradingagents/telemetry: ${this.name} export recovered.`);
      this.failing = false;
      return;
    }
    this.failedCount += count;
    this.report(false, count);
    if (!this.failing) {
      log.error(
        `@tradingagents/telemetry: ${this.name} export failed; ${count} span(s) lost (${result.error?.message ?? 'unknown error'}). Further losses are counted in tradingagents_telemetry_exported_spans_total{result="failure"}.`,
      );
    }
    this.failing = true;
  }

  private lose(count: number, queueFull: boolean): void {
    this.failedCount += count;
    if (queueFull) {
      this.droppedCount += count;
      if (this.droppedSinceLog === 0) {
        log.warn(
          `@tradingagents/telemetry: ${this.name} export queue is full (${this.maxQueueSize} spans); dropping spans until it drains. They are counted in tradingagents_telemetry_exported_spans_total{result="failure"}.`,
        );
      }
      this.droppedSinceLog += count;
    }
    this.report(false, count);
  }

  private report(ok: boolean, count: number): void {
    try {
      this.outcome(ok, count);
    } catch {
      // Counting must never break export.
    }
  }
}

/**
 * Non-finite numbers serialise to `"doubleValue": null` in OTLP JSON, which gets the whole batch
 * rejected; send them as strings instead. Runs on the export path, off the app's path.
 */
function sanitizeAttributes(attributes: Attributes): void {
  for (const key in attributes) {
    const value: AttributeValue | undefined = attributes[key];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      attributes[key] = String(value);
    } else if (Array.isArray(value) && value.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
      attributes[key] = value.map((v) => (v == null ? v : String(v))) as string[];
    }
  }
}
