/**
 * A Langfuse Metrics API on loopback, for tests: `GET /api/public/v2/metrics` and the legacy
 * `GET /api/public/metrics`, with Basic auth, `query` as URL-encoded JSON validated like Langfuse
 * (400 on what it rejects) and answers computed from fake observations by the rules in
 * `fake-metrics-query.ts` (v1's trace-join window, 64-bit integers as strings, interpolated quantiles,
 * orderBy validation), each cited there from Langfuse's server code. Faults are scripted per request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerQuery, BadRequest, type FakeObservation, validateQuery } from './fake-metrics-query.js';

export type { FakeObservation };
export { validateQuery };

/** A scripted answer for the next request(s); `ok` computes the documented answer. */
export type Fault =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'malformed' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'hang' };

export interface RecordedRequest {
  readonly path: string;
  readonly at: number;
  readonly authorized: boolean;
  readonly query: Record<string, unknown> | undefined;
  readonly status: number;
  readonly error: string | undefined;
}

export interface FakeLangfuseOptions {
  publicKey?: string;
  secretKey?: string;
  observations?: FakeObservation[];
  /**
   * Answer 404 on v2, like self-hosted Langfuse v3 with its defaults
   * (`LANGFUSE_MIGRATION_V4_ALLOW_PREVIEW_OPT_IN=false`) or v4 in `legacy` write mode.
   */
  v2Missing?: boolean;
  /** Answer 404 on v1 before auth, like Langfuse v4 in its default `events_only` write mode. */
  v1Missing?: boolean;
}

export class FakeLangfuse {
  readonly requests: RecordedRequest[] = [];
  observations: FakeObservation[];
  v2Missing: boolean;
  v1Missing: boolean;
  private readonly faults: Fault[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private readonly publicKey: string;
  private readonly secretKey: string;
  url = '';

  constructor(options: FakeLangfuseOptions = {}) {
    this.publicKey = options.publicKey ?? 'pk-lf-test';
    this.secretKey = options.secretKey ?? 'sk-lf-test';
    this.observations = options.observations ?? [];
    this.v2Missing = options.v2Missing ?? false;
    this.v1Missing = options.v1Missing ?? false;
  }

  /** Scripts the answers of the next requests, in order; afterwards requests are answered normally. */
  script(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  metricsRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes('metrics'));
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const version =
      url.pathname === '/api/public/v2/metrics'
        ? 'v2'
        : url.pathname === '/api/public/metrics'
          ? 'v1'
          : undefined;
    const expected = `Basic ${Buffer.from(`${this.publicKey}:${this.secretKey}`).toString('base64')}`;
    const authorized = request.headers.authorization === expected;
    let parsed: Record<string, unknown> | undefined;
    const reply = (status: number, body: string, headers: Record<string, string> = {}, error?: string) => {
      this.requests.push({ path: url.pathname, at: Date.now(), authorized, query: parsed, status, error });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body);
    };
    if (request.method !== 'GET') return reply(405, JSON.stringify({ message: 'Method not allowed' }));
    if (version === undefined) return reply(404, JSON.stringify({ message: 'Not found' }));
    // createAuthedProjectAPIRoute.ts: routes with rejectInEventsOnlyMode (v1 metrics) 404 before auth.
    if (version === 'v1' && this.v1Missing) {
      return reply(
        404,
        JSON.stringify({
          message:
            'This endpoint is not available on deployments running in Langfuse v4 events_only mode. Learn more about Langfuse v4 at: https://langfuse.com/docs/v4',
        }),
      );
    }
    if (!authorized)
      return reply(
        401,
        JSON.stringify({ message: "Invalid credentials. Confirm that you've configured the correct host." }),
      );
    // web/src/pages/api/public/v2/metrics.ts: after auth, 404 unless isMetricsV2Available().
    if (version === 'v2' && this.v2Missing) {
      return reply(
        404,
        JSON.stringify({
          message:
            'The metrics v2 API is only available in a Langfuse v4 write mode. Learn more at: https://langfuse.com/docs/v4',
        }),
      );
    }
    try {
      parsed = validateQuery(JSON.parse(url.searchParams.get('query') ?? ''), version);
    } catch (error) {
      const message = error instanceof BadRequest ? error.message : 'Invalid JSON in query parameter';
      return reply(400, JSON.stringify({ message }), {}, message);
    }
    const fault = this.faults.shift() ?? { kind: 'ok' };
    switch (fault.kind) {
      case 'status':
        return reply(
          fault.status,
          fault.body ?? JSON.stringify({ message: `HTTP ${fault.status}` }),
          fault.headers,
        );
      case 'malformed':
        return reply(200, '{"data": [ {"providedModelName": "gpt-4o", "sum_totalCost": 1.5 ');
      case 'hang':
        this.hanging.add(response);
        this.requests.push({
          path: url.pathname,
          at: Date.now(),
          authorized,
          query: parsed,
          status: 0,
          error: 'hang',
        });
        return;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (response.destroyed) return;
        return reply(200, JSON.stringify({ data: answerQuery(parsed, this.observations, version) }));
      default:
        return reply(200, JSON.stringify({ data: answerQuery(parsed, this.observations, version) }));
    }
  }
}
