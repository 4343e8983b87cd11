/**
 * A Langfuse Metrics API on loopback, for tests. It implements `GET /api/public/v2/metrics` and the
 * legacy `GET /api/public/metrics` as documented (fern `metrics-v2.yml`, `legacy/metrics-v1.yml`):
 * Basic auth, `query` as URL-encoded JSON validated against the documented schema (unknown views,
 * dimensions, measures, aggregations, filter types or keys answer 400, like Langfuse), and answers
 * `{ data: [row] }` with dimension values under the field name and metrics under
 * `<aggregation>_<measure>`, computed from a list of fake observations. Faults are scripted per request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeObservation {
  model: string | null;
  traceName: string | null;
  environment: string;
  /** ISO time; defaults to 30 minutes before the query's toTimestamp. */
  startTime?: string;
  totalCost: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

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

const V2_VIEWS = ['observations', 'scores-numeric', 'scores-categorical'];
const V1_VIEWS = ['traces', ...V2_VIEWS];
const OBSERVATION_DIMENSIONS = [
  'environment',
  'type',
  'name',
  'level',
  'version',
  'tags',
  'release',
  'traceName',
  'traceRelease',
  'traceVersion',
  'providedModelName',
  'promptName',
  'promptVersion',
  'startTimeMonth',
];
const HIGH_CARDINALITY = ['id', 'traceId', 'userId', 'sessionId', 'parentObservationId'];
const OBSERVATION_MEASURES = [
  'count',
  'latency',
  'streamingLatency',
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'outputTokensPerSecond',
  'tokensPerSecond',
  'inputCost',
  'outputCost',
  'totalCost',
  'timeToFirstToken',
  'countScores',
];
const AGGREGATIONS = ['sum', 'avg', 'count', 'max', 'min', 'p50', 'p75', 'p90', 'p95', 'p99', 'histogram'];
const GRANULARITIES = ['auto', 'minute', 'hour', 'day', 'week', 'month'];
const FILTER_OPERATORS: Record<string, string[]> = {
  datetime: ['>', '<', '>=', '<='],
  string: ['=', 'contains', 'does not contain', 'starts with', 'ends with'],
  stringOptions: ['any of', 'none of'],
  categoryOptions: ['any of', 'none of'],
  arrayOptions: ['any of', 'none of', 'all of'],
  number: ['=', '>', '<', '>=', '<='],
  stringObject: ['=', 'contains', 'does not contain', 'starts with', 'ends with'],
  numberObject: ['=', '>', '<', '>=', '<='],
  boolean: ['=', '<>'],
  null: ['is null', 'is not null'],
};
const QUERY_KEYS = [
  'view',
  'dimensions',
  'metrics',
  'filters',
  'timeDimension',
  'fromTimestamp',
  'toTimestamp',
  'orderBy',
  'config',
];
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

class BadRequest extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Validates a query object like Langfuse's zod schema (stricter on unknown top-level keys, to catch typos). */
export function validateQuery(query: unknown, version: 'v1' | 'v2'): Record<string, unknown> {
  if (!isObject(query)) throw new BadRequest('query must be a JSON object');
  for (const key of Object.keys(query)) {
    if (!QUERY_KEYS.includes(key)) throw new BadRequest(`unknown query field "${key}"`);
  }
  const views = version === 'v2' ? V2_VIEWS : V1_VIEWS;
  if (typeof query.view !== 'string' || !views.includes(query.view)) {
    throw new BadRequest(`Invalid view "${String(query.view)}": expected one of ${views.join(', ')}`);
  }
  if (query.view !== 'observations') throw new BadRequest('this fake implements the observations view only');
  const dimensions = query.dimensions ?? [];
  if (!Array.isArray(dimensions)) throw new BadRequest('dimensions must be an array');
  for (const dimension of dimensions) {
    if (!isObject(dimension) || typeof dimension.field !== 'string')
      throw new BadRequest('dimension needs a field');
    if (version === 'v2' && HIGH_CARDINALITY.includes(dimension.field)) {
      throw new BadRequest(`High cardinality dimension '${dimension.field}' is not supported in v2`);
    }
    if (!OBSERVATION_DIMENSIONS.includes(dimension.field)) {
      throw new BadRequest(`Invalid dimension field "${dimension.field}" for view observations`);
    }
  }
  if (!Array.isArray(query.metrics) || query.metrics.length === 0) {
    throw new BadRequest('metrics must be a non-empty array');
  }
  for (const metric of query.metrics) {
    if (
      !isObject(metric) ||
      typeof metric.measure !== 'string' ||
      !OBSERVATION_MEASURES.includes(metric.measure)
    ) {
      throw new BadRequest(`Invalid measure ${JSON.stringify(isObject(metric) ? metric.measure : metric)}`);
    }
    if (typeof metric.aggregation !== 'string' || !AGGREGATIONS.includes(metric.aggregation)) {
      throw new BadRequest(`Invalid aggregation ${JSON.stringify(metric.aggregation)}`);
    }
  }
  const filters = query.filters ?? [];
  if (!Array.isArray(filters)) throw new BadRequest('filters must be an array');
  for (const filter of filters) {
    if (!isObject(filter) || typeof filter.type !== 'string' || !(filter.type in FILTER_OPERATORS)) {
      throw new BadRequest(`Invalid filter type ${JSON.stringify(isObject(filter) ? filter.type : filter)}`);
    }
    if (
      typeof filter.column !== 'string' ||
      ![...OBSERVATION_DIMENSIONS, ...HIGH_CARDINALITY].includes(filter.column)
    ) {
      throw new BadRequest(`Invalid filter column ${JSON.stringify(filter.column)}`);
    }
    if (!FILTER_OPERATORS[filter.type]?.includes(String(filter.operator))) {
      throw new BadRequest(`Invalid operator ${JSON.stringify(filter.operator)} for ${filter.type}`);
    }
    if (filter.type === 'null' && filter.value !== '') throw new BadRequest('null filter value must be ""');
    if (filter.type === 'stringOptions' && (!Array.isArray(filter.value) || filter.value.length === 0)) {
      throw new BadRequest('stringOptions filter value must be a non-empty array');
    }
  }
  const timeDimension = query.timeDimension ?? null;
  if (
    timeDimension !== null &&
    (!isObject(timeDimension) || !GRANULARITIES.includes(String(timeDimension.granularity)))
  ) {
    throw new BadRequest('Invalid timeDimension');
  }
  for (const key of ['fromTimestamp', 'toTimestamp'] as const) {
    if (typeof query[key] !== 'string' || !ISO_DATETIME.test(query[key] as string)) {
      throw new BadRequest(`${key} must be an ISO datetime`);
    }
  }
  if (Date.parse(query.fromTimestamp as string) >= Date.parse(query.toTimestamp as string)) {
    throw new BadRequest('fromTimestamp must be before toTimestamp');
  }
  const orderBy = query.orderBy ?? null;
  if (orderBy !== null) {
    if (!Array.isArray(orderBy)) throw new BadRequest('orderBy must be an array or null');
    for (const order of orderBy) {
      if (
        !isObject(order) ||
        typeof order.field !== 'string' ||
        !['asc', 'desc'].includes(String(order.direction))
      ) {
        throw new BadRequest('Invalid orderBy');
      }
    }
  }
  if (query.config !== undefined) {
    if (!isObject(query.config)) throw new BadRequest('config must be an object');
    const rowLimit = query.config.row_limit;
    if (
      rowLimit !== undefined &&
      (!Number.isInteger(rowLimit) || (rowLimit as number) < 1 || (rowLimit as number) > 1000)
    ) {
      throw new BadRequest('config.row_limit must be an integer from 1 to 1000');
    }
  }
  return query;
}

const DIMENSION_OF: Record<string, (o: FakeObservation) => string | null> = {
  providedModelName: (o) => o.model,
  traceName: (o) => o.traceName,
  environment: (o) => o.environment,
};
const MEASURE_OF: Record<string, (o: FakeObservation) => number> = {
  totalCost: (o) => o.totalCost,
  inputTokens: (o) => o.inputTokens,
  outputTokens: (o) => o.outputTokens,
  totalTokens: (o) => o.inputTokens + o.outputTokens,
  latency: (o) => o.latencyMs,
  count: () => 1,
};

function aggregate(aggregation: string, values: number[]): number {
  if (aggregation === 'count') return values.length;
  if (aggregation === 'sum') return values.reduce((a, b) => a + b, 0);
  if (aggregation === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
  if (aggregation === 'max') return Math.max(...values);
  if (aggregation === 'min') return Math.min(...values);
  const p = Number(aggregation.slice(1)) / 100;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

/** Computes the documented answer from the fake observations. */
function answer(
  query: Record<string, unknown>,
  observations: readonly FakeObservation[],
): Record<string, unknown>[] {
  const from = Date.parse(query.fromTimestamp as string);
  const to = Date.parse(query.toTimestamp as string);
  const inWindow = observations.filter((o) => {
    const start = o.startTime === undefined ? to - 30 * 60_000 : Date.parse(o.startTime);
    if (start < from || start >= to) return false;
    for (const filter of (query.filters ?? []) as Record<string, unknown>[]) {
      const value = DIMENSION_OF[filter.column as string]?.(o);
      if (filter.type === 'null' && filter.operator === 'is not null' && value === null) return false;
      if (filter.type === 'null' && filter.operator === 'is null' && value !== null) return false;
      if (filter.type === 'stringOptions') {
        const listed = (filter.value as string[]).includes(String(value));
        if (filter.operator === 'any of' ? !listed : listed) return false;
      }
    }
    return true;
  });
  const fields = ((query.dimensions ?? []) as { field: string }[]).map((d) => d.field);
  const groups = new Map<string, FakeObservation[]>();
  for (const o of inWindow) {
    const key = JSON.stringify(fields.map((field) => DIMENSION_OF[field]?.(o) ?? null));
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const rows = [...groups.entries()].map(([key, members]) => {
    const row: Record<string, unknown> = {};
    (JSON.parse(key) as (string | null)[]).forEach((value, index) => {
      row[fields[index] as string] = value;
    });
    for (const metric of query.metrics as { measure: string; aggregation: string }[]) {
      const values = members.map((o) => MEASURE_OF[metric.measure]?.(o) ?? 0);
      row[`${metric.aggregation}_${metric.measure}`] = aggregate(metric.aggregation, values);
    }
    return row;
  });
  const order = ((query.orderBy ?? []) as { field: string; direction: string }[])[0];
  if (order !== undefined) {
    rows.sort(
      (a, b) => (Number(a[order.field]) - Number(b[order.field])) * (order.direction === 'desc' ? -1 : 1),
    );
  }
  const limit = (query.config as { row_limit?: number } | undefined)?.row_limit ?? 100;
  return rows.slice(0, limit);
}

export interface FakeLangfuseOptions {
  publicKey?: string;
  secretKey?: string;
  observations?: FakeObservation[];
  /** Answer 404 on v2, like a self-hosted Langfuse without the v2 API. */
  v2Missing?: boolean;
}

export class FakeLangfuse {
  readonly requests: RecordedRequest[] = [];
  observations: FakeObservation[];
  v2Missing: boolean;
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
    if (version === undefined || (version === 'v2' && this.v2Missing)) {
      return reply(404, JSON.stringify({ message: 'Not found' }));
    }
    if (!authorized)
      return reply(
        401,
        JSON.stringify({ message: "Invalid credentials. Confirm that you've configured the correct host." }),
      );
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
        return reply(200, JSON.stringify({ data: answer(parsed, this.observations) }));
      default:
        return reply(200, JSON.stringify({ data: answer(parsed, this.observations) }));
    }
  }
}
