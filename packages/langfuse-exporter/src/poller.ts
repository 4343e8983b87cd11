import { diag } from '@opentelemetry/api';
import { type PollErrorReason, UNATTRIBUTED_LABEL_VALUE } from './catalogue.js';
import { type MetricsApiClient, type MetricsApiVersion, PollError } from './client.js';
import type { ResolvedExporterConfig } from './config.js';
import {
  buildMetricsQuery,
  MalformedResponseError,
  type MetricsRow,
  parseMetricsResponse,
  type QueryDimension,
  ROW_LIMIT,
  TOTALS_DIMENSIONS,
} from './query.js';
import { buildSnapshot, type Snapshot } from './snapshot.js';
import { mergeV1Answers } from './v1-answer.js';

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
 * Polls on a timer: one grouped query per poll on v2, two on v1 (see `v1-answer.ts`), the next poll
 * scheduled when this one ends (so polls never overlap), exponential backoff on 429, v2 → v1 fallback
 * on 404. Every failure is logged and counted, and leaves the last good snapshot in place; nothing it
 * does can reject unhandled.
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
      const rows = await this.fetchWithFallback();
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

  /** The remembered version first; on 404, the other version once, and remember whichever answered. */
  private async fetchWithFallback(): Promise<MetricsRow[]> {
    try {
      return await this.fetchRows(this.apiVersion);
    } catch (error) {
      if (!(error instanceof PollError) || error.status !== 404 || this.stopped) throw error;
      const other: MetricsApiVersion = this.apiVersion === 'v2' ? 'v1' : 'v2';
      diag.warn(
        `${LOG} the ${this.apiVersion} Metrics API answered 404 at ${this.config.baseUrl}; trying ${other} ` +
          `(${other === 'v1' ? 'a Langfuse v3 server without the v4 preview, or v4 in legacy write mode' : 'e.g. a server upgraded to Langfuse v4'}).`,
      );
      const rows = await this.fetchRows(other);
      this.apiVersion = other;
      return rows;
    }
  }

  /**
   * v2: one query grouped by model, trace name and environment. v1: the same breakdown, then the
   * totals by model and environment, merged so that v1's trace join cuts no cost (`v1-answer.ts`).
   */
  private async fetchRows(version: MetricsApiVersion): Promise<MetricsRow[]> {
    const now = this.now();
    const breakdown = await this.fetchQuery(version, now);
    if (version === 'v2') return breakdown;
    return mergeV1Answers(breakdown, await this.fetchQuery(version, now, TOTALS_DIMENSIONS));
  }

  private async fetchQuery(
    version: MetricsApiVersion,
    now: number,
    dimensions?: readonly QueryDimension[],
  ): Promise<MetricsRow[]> {
    const query = buildMetricsQuery(this.config, now, dimensions);
    const rows = parseMetricsResponse(await this.client.query(version, query, this.shutdown.signal));
    if (rows.length >= ROW_LIMIT) {
      diag.warn(
        `${LOG} Langfuse returned ${rows.length} rows, the row limit: ` +
          (version === 'v1' && dimensions === undefined
            ? `the cheapest trace names are served as trace_name="${UNATTRIBUTED_LABEL_VALUE}". `
            : 'the cheapest groups may be missing. ') +
          'Narrow LANGFUSE_EXPORTER_ENVIRONMENTS or shorten LANGFUSE_EXPORTER_WINDOW.',
      );
    }
    return rows;
  }
}
