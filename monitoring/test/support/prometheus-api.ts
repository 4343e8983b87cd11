/** Minimal clients of the Prometheus and Alertmanager HTTP APIs, and a webhook receiver. */
import { createServer } from 'node:http';

export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/**
 * Instant query against any Prometheus-compatible API (Prometheus, VictoriaMetrics), now or at `time`
 * (seconds since the epoch); throws on a PromQL error (with the expression).
 */
export async function query(prometheusUrl: string, expr: string, time?: number): Promise<Sample[]> {
  const params = new URLSearchParams({ query: expr });
  if (time !== undefined) params.set('time', String(time));
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params,
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: Sample[] | [number, string] };
  };
  if (body.status !== 'success') throw new Error(`${body.error ?? response.status}: ${expr}`);
  const result = body.data?.result ?? [];
  // A scalar result is one value, not a vector.
  return body.data?.resultType === 'scalar'
    ? [{ metric: {}, value: result as [number, string] }]
    : (result as Sample[]);
}

/** Polls `check` until it returns a value, or throws with the last reason after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  status?: { state: string; inhibitedBy: string[]; silencedBy: string[] };
}

export async function postAlerts(alertmanagerUrl: string, alerts: AlertmanagerAlert[]): Promise<void> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!response.ok) throw new Error(`POST /api/v2/alerts: ${response.status} ${await response.text()}`);
}

export async function getAlerts(alertmanagerUrl: string): Promise<AlertmanagerAlert[]> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`);
  return (await response.json()) as AlertmanagerAlert[];
}

/** A notification Alertmanager's webhook integration posts. */
export interface WebhookMessage {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

/** An HTTP server on 127.0.0.1 that records what Alertmanager posts to it. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  messages: WebhookMessage[];
  stop: () => Promise<void>;
}> {
  const messages: WebhookMessage[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      try {
        messages.push(JSON.parse(body) as WebhookMessage);
      } catch {
        // Not JSON: not Alertmanager.
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/alertmanager`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
