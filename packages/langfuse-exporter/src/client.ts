import { LangfuseClient } from '@langfuse/client';
import { LangfuseAPIError, LangfuseAPITimeoutError } from '@langfuse/core';
import type { PollErrorReason } from './catalogue.js';
import { MalformedResponseError, type MetricsQuery } from './query.js';

/** Which Metrics API answers: v2 (`/api/public/v2/metrics`) or v1 (`/api/public/metrics`). */
export type MetricsApiVersion = 'v2' | 'v1';

/** A failed request, classified for the error counter and the log line. */
export class PollError extends Error {
  override readonly name = 'PollError';
  constructor(
    readonly reason: PollErrorReason,
    message: string,
    readonly status?: number,
    /** From Retry-After on a 429, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface MetricsApiClientOptions {
  readonly publicKey: string;
  readonly secretKey: string;
  readonly baseUrl: string;
  readonly timeoutSeconds: number;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * The Metrics API through `@langfuse/client` (its generated `api.metrics.metrics` and
 * `api.legacy.metricsV1.metrics` calls), with the client's own retries off: every retry spends the
 * daily quota, so the poller owns the retry policy. The timeout is ours too, so that it covers the
 * body and not only the headers.
 */
export class MetricsApiClient {
  private readonly client: LangfuseClient;

  constructor(private readonly options: MetricsApiClientOptions) {
    this.client = new LangfuseClient({
      publicKey: options.publicKey,
      secretKey: options.secretKey,
      baseUrl: options.baseUrl,
    });
  }

  /** Sends one query; resolves to the raw body or rejects with a {@link PollError}. Never throws anything else. */
  async query(version: MetricsApiVersion, query: MetricsQuery, shutdown: AbortSignal): Promise<unknown> {
    const deadline = new AbortController();
    const timeoutMs = this.options.timeoutSeconds * 1000;
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    timer.unref();
    const signal = AbortSignal.any([deadline.signal, shutdown]);
    const request = { query: JSON.stringify(query) };
    // The client's own timeout only covers the headers; ours (above) also covers the body.
    const requestOptions = {
      maxRetries: 0,
      abortSignal: signal,
      timeoutInSeconds: this.options.timeoutSeconds + 5,
    };
    try {
      const response =
        version === 'v2'
          ? await this.client.api.metrics.metrics(request, requestOptions)
          : await this.client.api.legacy.metricsV1.metrics(request, requestOptions);
      // On a 2xx with a body that is not JSON, the generated client hands back its error record as data.
      const body = response as unknown;
      if (body !== null && typeof body === 'object' && (body as { ok?: unknown }).ok === false) {
        throw new MalformedResponseError('the body is not valid JSON');
      }
      return body;
    } catch (error) {
      throw this.classify(error, deadline.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  private classify(error: unknown, timedOut: boolean, timeoutMs: number): PollError {
    const where = `${this.options.baseUrl}`;
    if (error instanceof PollError) return error;
    if (error instanceof MalformedResponseError) {
      return new PollError('malformed', `malformed response from ${where}: ${error.message}`);
    }
    if (timedOut || error instanceof LangfuseAPITimeoutError) {
      return new PollError('timeout', `no complete answer from ${where} within ${timeoutMs / 1000}s`);
    }
    if (error instanceof LangfuseAPIError && error.statusCode !== undefined) {
      const status = error.statusCode;
      const body = bodyText(error.body);
      if (status === 401 || status === 403) {
        return new PollError(
          'auth',
          `Langfuse at ${where} rejected the keys (HTTP ${status}): check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY`,
          status,
        );
      }
      if (status === 429) {
        const headers = (error.rawResponse as { headers?: Headers } | undefined)?.headers;
        const retryAfterMs = parseRetryAfter(headers?.get?.('retry-after'), Date.now());
        return new PollError(
          'rate_limited',
          `Langfuse at ${where} is rate limiting (HTTP 429)`,
          status,
          retryAfterMs,
        );
      }
      return new PollError(
        'http_status',
        `Langfuse at ${where} answered HTTP ${status} ${body}`.trim(),
        status,
      );
    }
    const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    return new PollError('unreachable', `cannot reach Langfuse at ${where}: ${message}`);
  }
}
