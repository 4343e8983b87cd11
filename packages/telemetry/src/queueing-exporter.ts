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
import type { SpanSpool, SpoolClaim } from './spool/span-spool.js';

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
 *
 * With a spool (opt-in), what is still unsent when the process ends (a final flush that met a failing
 * endpoint, a signal, `process.exit()`) is written to disk by {@link spoolPending} instead of being
 * lost, and the spool's files are sent first by the next process (see spool/span-spool.ts).
 */
/** How often a healthy pipeline looks for files other processes left in the spool. */
const RESTORE_INTERVAL_MS = 30_000;

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
    spool_full: 0,
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
  private inFlightBatch: ReadableSpan[] | undefined;
  /** The in-flight batch was written to the spool: its answer no longer counts. */
  private inFlightSpooled = false;
  private readonly spool: SpanSpool | undefined;
  private spooledCount = 0;
  private restoredCount = 0;
  /** Restored spans, by the spool file they came from; a file is deleted when all are settled. */
  private readonly claimOf = new WeakMap<ReadableSpan, { claim: SpoolClaim; remaining: number }>();
  private readonly openClaims = new Set<{ claim: SpoolClaim; remaining: number }>();
  private restoring = false;
  private lastRestoreAt = Number.NEGATIVE_INFINITY;
  private removeExitHook: (() => void) | undefined;

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
    this.spool = options.spool;
    if (this.spool) {
      // process.exit() and the end of a signal's flush skip everything else: the last chance to spool.
      const onExit = () => this.spoolPending();
      process.on('exit', onExit);
      this.removeExitHook = () => process.off('exit', onExit);
      void this.restore();
    }
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
      spooled: this.spooledCount,
      restored: this.restoredCount,
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
        // (batches × timeout). With a spool, the rest stays queued for spoolPending() (or a later
        // retry); without, it is counted as lost now. Later spans will probe the endpoint again.
        if (this.failing && this.inFlight === undefined && this.queue.length > 0) {
          if (this.spool) break;
          const lost = this.queue.splice(0);
          this.lose(lost.length, 'flush_failed');
          this.settled(lost);
        }
      }
    } finally {
      this.flushing--;
    }
    this.schedule();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.spoolPending();
    this.stopped = true;
    this.removeExitHook?.();
    this.clearTimer();
    await this.inner.shutdown();
  }

  /**
   * With a spool: writes what is still unsent (the queue, and the batch in flight, whose answer then
   * no longer counts) to the spool, synchronously, for the next process to send. Called at the end
   * of a final flush (signal, exit, shutdown); a no-op without a spool or with nothing pending.
   * The in-flight batch may still reach the endpoint: Langfuse then keeps one observation per span
   * id; an OTLP backend may keep both copies.
   */
  spoolPending(): void {
    if (!this.spool || this.stopped) return;
    const pending = this.queue.splice(0);
    if (this.inFlightBatch !== undefined && !this.inFlightSpooled) {
      pending.unshift(...this.inFlightBatch);
      this.inFlightSpooled = true;
      this.inFlightCount = 0;
    }
    if (pending.length === 0) return;
    const written = this.spool.write(pending);
    this.spooledCount += written;
    if (written < pending.length) this.lose(pending.length - written, 'spool_full');
    this.settled(pending);
  }

  /** Sends the spool's files first, oldest first, as long as they fit in the queue. */
  private async restore(): Promise<void> {
    const spool = this.spool;
    if (!spool || this.restoring || this.stopped) return;
    this.restoring = true;
    this.lastRestoreAt = Date.now();
    try {
      for (;;) {
        const pending = this.queue.length + this.inFlightCount;
        const claim = await spool.claim(this.maxQueueSize - pending, pending === 0);
        if (claim === undefined) break;
        const record = { claim, remaining: claim.spans.length };
        if (this.stopped) {
          // Shut down meanwhile: the file goes on to the next process.
          spool.write(claim.spans);
          spool.release(claim);
          break;
        }
        this.openClaims.add(record);
        for (const span of claim.spans) this.claimOf.set(span, record);
        this.receivedCount += claim.spans.length;
        this.restoredCount += claim.spans.length;
        this.queue.unshift(...claim.spans);
        this.schedule();
      }
    } catch (error) {
      log.warn('@tradingagents/telemetry: reading the spool failed', error);
    } finally {
      this.restoring = false;
    }
  }

  /** These spans left the books (sent, lost or spooled again): spool files fully settled are deleted. */
  private settled(spans: readonly ReadableSpan[]): void {
    if (this.openClaims.size === 0) return;
    for (const span of spans) {
      const record = this.claimOf.get(span);
      if (record === undefined) continue;
      this.claimOf.delete(span);
      if (--record.remaining === 0) {
        this.openClaims.delete(record);
        this.spool?.release(record.claim);
      }
    }
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
    this.inFlightBatch = batch;
    this.inFlightSpooled = false;
    const done = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      this.inFlightCount = 0;
      this.inFlightBatch = undefined;
      // Written to the spool meanwhile (the process is ending): the spool has the books of it.
      if (!this.inFlightSpooled) this.settle(result, batch);
      this.inFlightSpooled = false;
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
      this.settled(batch);
      // A healthy endpoint: send what other processes left in the spool (at most every 30 s).
      if (this.spool && Date.now() - this.lastRestoreAt >= RESTORE_INTERVAL_MS) void this.restore();
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
      this.settled(batch);
      return;
    }
    if (this.retryLater(batch, message, wasFailing)) return;
    this.lose(count, this.flushing > 0 || this.stopped ? 'flush_failed' : 'retry_expired');
    this.settled(batch);
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
    if (this.stopped) return false;
    const now = Date.now();
    if (this.flushing > 0 && this.spool) {
      // A flush must end, but with a spool the batch is kept: spooled if this is the final flush,
      // retried with backoff if it is not.
      this.queue.unshift(...batch);
      this.outageSince ??= now;
      this.retryAttempt++;
      this.retryAt = now + backoffMillis(this.retryAttempt, this.backoff);
      return true;
    }
    if (this.flushing > 0 || this.maxRetryMillis <= 0) return false;
    this.outageSince ??= now;
    if (now - this.outageSince >= this.maxRetryMillis) {
      log.warn(
        `@tradingagents/telemetry: ${this.name} export has failed for ${Math.round((now - this.outageSince) / 1000)} s (the retry bound); dropping ${batch.length} span(s), the oldest, and still retrying the rest.`,
      );
      return false;
    }
    this.queue.unshift(...batch);
    // Over the bound with the batch back in: the newest spans make room (the oldest are sent first).
    if (this.queue.length > this.maxQueueSize) {
      const dropped = this.queue.splice(this.maxQueueSize);
      this.lose(dropped.length, 'queue_full');
      this.settled(dropped);
    }
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
