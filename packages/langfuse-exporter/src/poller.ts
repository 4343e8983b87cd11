import { diag } from '@opentelemetry/api';
import type { PollErrorReason } from './catalogue.js';
import { type MetricsApiClient, type MetricsApiVersion, PollError } from './client.js';
import type { ResolvedExporterConfig } from './config.js';
import { buildMetricsQuery, MalformedResponseError, parseMetricsResponse, ROW_LIMIT } from './query.js';
import { buildSnapshot, type Snapshot } from './snapshot.js';

const LOG = '@tradingagents/langfuse-exporter:';

/** What the poller reports to the metrics side after each poll. */
export interface PollObserver {
  pollSucceeded(snapshot: Snapshot, durationSeconds: number): void;
  pollFailed(reason: PollErrorReason, durationSeconds: number): void;
}

/** The poller's state, for tests and for `handle.status()`. */
export interface PollerStatus {
  readonly apiVersion: MetricsApiVersion;
  readonly polls: number;
  readonly lastSuccessAt: number | undefined;
  readonly lastError: { readonly reason: PollErrorReason; readonly message: string } | undefined;
  readonly consecutiveRateLimited: number;
  /** Delay before the next scheduled poll, in ms, as last scheduled. */
  readonly nextDelayMs: number | undefined;
}

/**
 * Polls on a timer: one grouped query per poll, the next poll scheduled when this one ends (so polls
 * never overlap), exponential backoff on 429, v2 → v1 fallback on 404. Every failure is logged and
 * counted, and leaves the last good snapshot in place; nothing it does can reject unhandled.
 */
export class LangfusePoller {
  private apiVersion: MetricsApiVersion = 'v2';
  private snapshot: Snapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private readonly shutdown = new AbortController();
  private polls = 0;
  private consecutiveRateLimited = 0;
  private lastError: PollerStatus['lastError'];
  private nextDelayMs: number | undefined;

  constructor(
    private readonly config: ResolvedExporterConfig,
    private readonly client: MetricsApiClient,
    private readonly observer: PollObserver,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last good snapshot, if any poll succeeded. Scrapes read this and nothing else. */
  current(): Snapshot | undefined {
    return this.snapshot;
  }

  status(): PollerStatus {
    return {
      apiVersion: this.apiVersion,
      polls: this.polls,
      lastSuccessAt: this.snapshot?.takenAt,
      lastError: this.lastError,
      consecutiveRateLimited: this.consecutiveRateLimited,
      nextDelayMs: this.nextDelayMs,
    };
  }

  /** Starts polling now, then on the timer. */
  start(): void {
    if (this.stopped || this.timer !== undefined || this.inFlight !== undefined) return;
    void this.run();
  }

  /**
   * Polls now, out of schedule, and resolves when done (never rejects). Each call is one request
   * to a rate-limited API: meant for tests and for a manual refresh, not for a loop.
   */
  pollNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.inFlight !== undefined) return this.inFlight;
    this.clearTimer();
    return this.run();
  }

  /** Stops the timer, aborts a request in flight and waits for it to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.shutdown.abort();
    await this.inFlight;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): Promise<void> {
    const poll = this.pollOnce()
      .catch((error: unknown) => {
        // pollOnce handles its own failures; this only guards against a bug in it.
        diag.error(`${LOG} unexpected error in the poll loop`, error);
        return 0;
      })
      .then((delayMs) => {
        this.inFlight = undefined;
        this.schedule(delayMs);
      });
    this.inFlight = poll;
    return poll;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextDelayMs = delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
    // The /metrics server keeps the process alive, not the poll timer.
    this.timer.unref();
  }

  /** One poll; resolves to the delay before the next. Never rejects. */
  private async pollOnce(): Promise<number> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    this.polls += 1;
    try {
      const rows = parseMetricsResponse(await this.fetchWithFallback());
      if (rows.length >= ROW_LIMIT) {
        diag.warn(
          `${LOG} Langfuse returned ${rows.length} rows, the row limit: the cheapest groups may be missing. ` +
            'Narrow LANGFUSE_EXPORTER_ENVIRONMENTS or shorten LANGFUSE_EXPORTER_WINDOW.',
        );
      }
      this.snapshot = buildSnapshot(rows, this.config, this.now());
      this.consecutiveRateLimited = 0;
      if (this.lastError !== undefined)
        diag.info(`${LOG} polling Langfuse works again (${this.apiVersion}).`);
      this.lastError = undefined;
      this.observer.pollSucceeded(this.snapshot, seconds());
      return this.config.pollIntervalSeconds * 1000;
    } catch (caught) {
      if (this.stopped) return 0;
      const error =
        caught instanceof PollError
          ? caught
          : caught instanceof MalformedResponseError
            ? new PollError('malformed', `malformed response from ${this.config.baseUrl}: ${caught.message}`)
            : new PollError('unreachable', String(caught));
      this.lastError = { reason: error.reason, message: error.message };
      this.observer.pollFailed(error.reason, seconds());
      const delayMs = this.delayAfter(error);
      const stale =
        this.snapshot === undefined
          ? 'no Langfuse values yet'
          : `keeping the values of ${new Date(this.snapshot.takenAt).toISOString()}`;
      diag.error(
        `${LOG} poll failed (${error.reason}): ${error.message}; ${stale}; next poll in ${Math.round(delayMs / 1000)}s.`,
      );
      return delayMs;
    }
  }

  private delayAfter(error: PollError): number {
    if (error.reason !== 'rate_limited') {
      this.consecutiveRateLimited = 0;
      return this.config.pollIntervalSeconds * 1000;
    }
    this.consecutiveRateLimited += 1;
    const exponential = Math.min(
      this.config.backoffMaxSeconds * 1000,
      this.config.backoffBaseSeconds * 1000 * 2 ** this.consecutiveRateLimited,
    );
    // Retry-After wins over the cap: asking earlier than the server said only burns another request.
    return Math.max(exponential, error.retryAfterMs ?? 0);
  }

  /** v2 first; on 404, the other version once, and remember whichever answered. */
  private async fetchWithFallback(): Promise<unknown> {
    const query = buildMetricsQuery(this.config, this.now());
    try {
      return await this.client.query(this.apiVersion, query, this.shutdown.signal);
    } catch (error) {
      if (!(error instanceof PollError) || error.status !== 404 || this.stopped) throw error;
      const other: MetricsApiVersion = this.apiVersion === 'v2' ? 'v1' : 'v2';
      diag.warn(
        `${LOG} the ${this.apiVersion} Metrics API answered 404 at ${this.config.baseUrl}; trying ${other} ` +
          `(${other === 'v1' ? 'an older self-hosted Langfuse' : 'the server was upgraded'}).`,
      );
      const body = await this.client.query(other, query, this.shutdown.signal);
      this.apiVersion = other;
      return body;
    }
  }
}
