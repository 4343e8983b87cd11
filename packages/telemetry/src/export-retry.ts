/**
 * When a failed span export is retried, and after how long. Retryable: no answer (connection
 * refused or reset, timeout, the exporter's own retries used up) and HTTP 408, 429 and 5xx. Anything
 * else the endpoint answered (400, 401, 403, 404…) will not change by trying again: the batch is
 * dropped with one line that says what to check. Like the OpenTelemetry Collector's sending queue,
 * retries back off exponentially with jitter, up to a bound in time.
 */

/** The HTTP status of a failed export, when the endpoint answered (OTLPExporterError#code). */
export function httpStatusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'number' && code >= 100 && code <= 599 ? code : undefined;
}

/** Whether trying the same batch again may succeed. */
export function isRetryable(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/** Backoff between attempts: from `initialMillis`, doubling, at most `maxMillis`. */
export interface BackoffOptions {
  /** @default 1000 */
  initialMillis?: number;
  /** @default 10000 */
  maxMillis?: number;
}

/**
 * The wait before retry `attempt` (1 for the first retry): `initial × 2^(attempt−1)`, capped, then
 * "equal jitter" (half fixed, half random) so that many processes recovering together do not send
 * in step.
 */
export function backoffMillis(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialMillis ?? 1000;
  const max = options.maxMillis ?? 10_000;
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return base / 2 + (base / 2) * random();
}
