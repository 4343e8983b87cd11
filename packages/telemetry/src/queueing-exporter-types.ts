import type { BackoffOptions } from './export-retry.js';
import type { SpanSpool } from './spool/span-spool.js';

/** Why spans were lost: the `reason` label of `tradingagents_telemetry_lost_spans_total`. */
export const LOSS_REASONS = [
  'queue_full',
  'rejected',
  'retry_expired',
  'flush_failed',
  'after_shutdown',
  'spool_full',
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** Reports spans exported (`ok`) or lost (with the reason). */
export type ExportOutcome = (ok: boolean, spans: number, reason?: LossReason) => void;

/**
 * What an export pipeline has done so far; see `TelemetryHandle.exportStats()`. The books add up:
 * `received === exported + failed + queued + inFlight + spooled`, and `failed` is the sum of `lost`.
 * Spans read back from the spool count in `received` (and in `restored`).
 */
export interface ExportStats {
  /** Spans handed to the pipeline. */
  readonly received: number;
  /** Spans waiting to be sent (including a batch waiting for its retry). */
  readonly queued: number;
  /** Spans in the request being sent. */
  readonly inFlight: number;
  readonly maxQueueSize: number;
  /** Spans the endpoint accepted. */
  readonly exported: number;
  /** Spans lost, for any reason (see `lost`). */
  readonly failed: number;
  /** The part of `failed` dropped from a full queue. */
  readonly dropped: number;
  /** Spans lost, by reason. */
  readonly lost: Readonly<Record<LossReason, number>>;
  /** Whether the endpoint is failing and sends are being retried with backoff. */
  readonly retrying: boolean;
  /** Spans written to the spool for the next process (0 without a spool). */
  readonly spooled: number;
  /** Spans read from the spool (left by an earlier process), included in `received`. */
  readonly restored: number;
}

export interface QueueingExporterOptions {
  /** @default 2048 */
  maxQueueSize?: number;
  /** @default 512 */
  maxBatchSize?: number;
  /** How long spans may wait for a fuller batch; 0 sends as soon as the previous export is done. @default 5000 */
  delayMillis?: number;
  /**
   * How long an outage is retried before the batches it keeps failing are dropped; 0 never retries.
   * @default 300000
   */
  maxRetryMillis?: number;
  /** Backoff between retries. */
  backoff?: BackoffOptions;
  /** What to check when the endpoint rejects the export (HTTP 4xx other than 408/429). */
  rejectionHint?: string;
  /** Where unsent spans go when the process ends, and come back from at start (opt-in). */
  spool?: SpanSpool;
}
