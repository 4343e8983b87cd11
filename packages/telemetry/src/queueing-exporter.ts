import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { log } from './diag-logger.js';
import { type BackoffOptions, backoffMillis, httpStatusOf, isRetryable } from './export-retry.js';
import { sanitizeAttributes } from './otlp-sanitize.js';
import type {
  ExportOutcome,
  ExportStats,
  LossReason,
  QueueingExporterOptions,
} from './queueing-exporter-types.js';

export type {
  ExportOutcome,
  ExportStats,
  LossReason,
  QueueingExporterOptions,
} from './queueing-exporter-types.js';

/**
 * Batches spans in front of an exporter, like the SDK's BatchSpanProcessor, but keeps the books:
 * every span is either exported, or counted as lost by reason — including spans dropped from a full
 * queue. A batch that fails retryably (no answer, 408, 429, 5xx) goes back to the head of the queue
 * and is sent again with exponential backoff, for up to `maxRetryMillis` of outage; one that the
 * endpoint rejects (other 4xx) is dropped with a line that says what to check (see export-retry.ts),
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
  private receivedCount = 0;
  private inFlightCount = 0;
  private exportedCount = 0;
  private failedCount = 0;
  private readonly lostBy: Record<LossReason, number> = {
    queue_full: 0,
    rejected: 0,
    retry_expired: 0,
    flush_failed: 0,
    after_shutdown: 0,
  };
  private readonly maxRetryMillis: number;
  private readonly backoff: BackoffOptions;
  private readonly rejectionHint: string;
  /** Since when sends have failed (retryably), and how many retries so far. */
  private outageSince: number | undefined;
  private retryAttempt = 0;
  /** No send before this time (ms since the epoch) while backing off. */
  private retryAt = 0;
  private readonly rejectionsLogged = new Set<number>();
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
    this.maxRetryMillis = options.maxRetryMillis ?? 300_000;
    this.backoff = options.backoff ?? {};
    this.rejectionHint = options.rejectionHint ?? 'the endpoint URL and its credentials';
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.receivedCount += spans.length;
    if (this.stopped) {
      this.lose(spans.length, 'after_shutdown');
    } else {
      const room = this.maxQueueSize - this.queue.length;
      for (let i = 0; i < spans.length && i < room; i++) this.queue.push(spans[i] as ReadableSpan);
      if (spans.length > room) this.lose(spans.length - Math.max(0, room), 'queue_full');
      this.schedule();
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  stats(): ExportStats {
    return {
      received: this.receivedCount,
      queued: this.queue.length,
      inFlight: this.inFlightCount,
      maxQueueSize: this.maxQueueSize,
      exported: this.exportedCount,
      failed: this.failedCount,
      dropped: this.lostBy.queue_full,
      lost: { ...this.lostBy },
      retrying: this.outageSince !== undefined,
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
          this.lose(this.queue.splice(0).length, 'flush_failed');
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
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      // Backing off: one timer until the retry, whatever arrives meanwhile.
      if (this.timer === undefined) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.schedule();
        }, wait);
        this.timer.unref();
      }
      return;
    }
    if (this.queue.length >= this.maxBatchSize || this.delayMillis === 0 || this.outageSince !== undefined) {
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
    this.inFlightCount = batch.length;
    const done = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      this.inFlightCount = 0;
      this.settle(result, batch);
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

  private settle(result: ExportResult, batch: ReadableSpan[]): void {
    const count = batch.length;
    if (result.code === ExportResultCode.SUCCESS) {
      this.exportedCount += count;
      this.report(true, count);
      if (this.failing) log.info(`@tradingagents/telemetry: ${this.name} export recovered.`);
      this.failing = false;
      this.outageSince = undefined;
      this.retryAttempt = 0;
      this.retryAt = 0;
      return;
    }
    const message = result.error?.message ?? 'unknown error';
    const wasFailing = this.failing;
    this.failing = true;
    if (!isRetryable(result.error)) {
      this.reject(batch.length, httpStatusOf(result.error) as number, message);
      return;
    }
    if (this.retryLater(batch, message, wasFailing)) return;
    this.lose(count, this.flushing > 0 || this.stopped ? 'flush_failed' : 'retry_expired');
    if (!wasFailing) {
      log.error(
        `@tradingagents/telemetry: ${this.name} export failed; ${count} span(s) lost (${message}). Further losses are counted in tradingagents_telemetry_exported_spans_total{result="failure"}.`,
      );
    }
  }

  /**
   * Puts a batch that failed retryably back at the head of the queue, to be sent again after a
   * backoff, while the outage is shorter than the bound (and not during a flush, which must end).
   */
  private retryLater(batch: ReadableSpan[], message: string, wasFailing: boolean): boolean {
    if (this.flushing > 0 || this.stopped || this.maxRetryMillis <= 0) return false;
    const now = Date.now();
    this.outageSince ??= now;
    if (now - this.outageSince >= this.maxRetryMillis) {
      log.warn(
        `@tradingagents/telemetry: ${this.name} export has failed for ${Math.round((now - this.outageSince) / 1000)} s (the retry bound); dropping ${batch.length} span(s), the oldest, and still retrying the rest.`,
      );
      return false;
    }
    this.queue.unshift(...batch);
    // Over the bound with the batch back in: the newest spans make room (the oldest are sent first).
    if (this.queue.length > this.maxQueueSize)
      this.lose(this.queue.splice(this.maxQueueSize).length, 'queue_full');
    this.retryAttempt++;
    this.retryAt = now + backoffMillis(this.retryAttempt, this.backoff);
    if (!wasFailing) {
      log.warn(
        `@tradingagents/telemetry: ${this.name} export failed (${message}); retrying with backoff for up to ${Math.round(this.maxRetryMillis / 1000)} s. Spans are kept in the queue (at most ${this.maxQueueSize}).`,
      );
    }
    return true;
  }

  /** The endpoint refused the batch (4xx): retrying cannot help; say what to check, once per status. */
  private reject(count: number, status: number, message: string): void {
    this.lose(count, 'rejected');
    if (this.rejectionsLogged.has(status)) return;
    this.rejectionsLogged.add(status);
    log.error(
      `@tradingagents/telemetry: ${this.name} export failed: the endpoint answered HTTP ${status} (${message}); ${count} span(s) dropped. Check ${this.rejectionHint}. Further losses are counted in tradingagents_telemetry_exported_spans_total{result="failure"}.`,
    );
  }

  private lose(count: number, reason: LossReason): void {
    this.failedCount += count;
    this.lostBy[reason] += count;
    if (reason === 'queue_full') {
      if (this.droppedSinceLog === 0) {
        log.warn(
          `@tradingagents/telemetry: ${this.name} export queue is full (${this.maxQueueSize} spans); dropping spans until it drains. They are counted in tradingagents_telemetry_exported_spans_total{result="failure"}.`,
        );
      }
      this.droppedSinceLog += count;
    }
    this.report(false, count, reason);
  }

  private report(ok: boolean, count: number, reason?: LossReason): void {
    try {
      this.outcome(ok, count, reason);
    } catch {
      // Counting must never break export.
    }
  }
}
