/**
 * The one grouped Metrics API query a poll sends, and the parsing of its answer.
 *
 * Query and response follow the documented Metrics API (v2 `GET /api/public/v2/metrics`, same shape as
 * v1 `GET /api/public/metrics`): `query` is URL-encoded JSON with `view`, `dimensions`, `metrics`,
 * `filters`, `fromTimestamp`, `toTimestamp`; the answer is `{ data: [row] }` where each row carries the
 * dimension values under the field name and each metric under `<aggregation>_<measure>`.
 */

/** Dimensions we group by: Langfuse field name → our label. */
export const QUERY_DIMENSIONS = Object.freeze({
  providedModelName: 'model',
  traceName: 'trace_name',
  environment: 'environment',
} as const);

export type QueryDimension = keyof typeof QUERY_DIMENSIONS;

/** Every dimension: the one query of a v2 poll, and the trace-name breakdown of a v1 poll. */
export const ALL_DIMENSIONS: readonly QueryDimension[] = Object.freeze(
  Object.keys(QUERY_DIMENSIONS) as QueryDimension[],
);

/**
 * The dimensions of a v1 poll's totals: none that lives on Langfuse's traces table, so v1 does not
 * join traces and does not drop model calls whose trace started before the window (see `v1-answer.ts`).
 */
export const TOTALS_DIMENSIONS: readonly QueryDimension[] = Object.freeze([
  'providedModelName',
  'environment',
] as QueryDimension[]);

/** The metrics of the grouped query, all in one request. */
export const QUERY_METRICS = Object.freeze([
  { measure: 'totalCost', aggregation: 'sum' },
  { measure: 'inputTokens', aggregation: 'sum' },
  { measure: 'outputTokens', aggregation: 'sum' },
  { measure: 'totalTokens', aggregation: 'sum' },
  { measure: 'count', aggregation: 'count' },
  { measure: 'latency', aggregation: 'p95' },
] as const);

/** The largest row limit the API accepts; rows beyond it are the cheapest groups (ordered by cost). */
export const ROW_LIMIT = 1000;

export interface MetricsQuery {
  readonly view: 'observations';
  readonly dimensions: readonly { readonly field: string }[];
  readonly metrics: readonly { readonly measure: string; readonly aggregation: string }[];
  readonly filters: readonly Record<string, unknown>[];
  readonly timeDimension: null;
  readonly fromTimestamp: string;
  readonly toTimestamp: string;
  readonly orderBy: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
  readonly config: { readonly row_limit: number };
}

export interface QueryWindow {
  readonly windowSeconds: number;
  readonly queryDelaySeconds: number;
  readonly environments: readonly string[];
}

/** Builds the query for the window ending `queryDelaySeconds` before `now`, grouped by `dimensions`. */
export function buildMetricsQuery(
  window: QueryWindow,
  now: number,
  dimensions: readonly QueryDimension[] = ALL_DIMENSIONS,
): MetricsQuery {
  const to = now - window.queryDelaySeconds * 1000;
  const from = to - window.windowSeconds * 1000;
  // Only model calls: spans carry no model, cost or tokens, and would skew the count and the p95.
  const filters: Record<string, unknown>[] = [
    { column: 'providedModelName', operator: 'is not null', value: '', type: 'null' },
  ];
  if (window.environments.length > 0) {
    filters.push({
      column: 'environment',
      operator: 'any of',
      value: [...window.environments],
      type: 'stringOptions',
    });
  }
  return {
    view: 'observations',
    dimensions: dimensions.map((field) => ({ field })),
    metrics: QUERY_METRICS,
    filters,
    timeDimension: null,
    fromTimestamp: new Date(from).toISOString(),
    toTimestamp: new Date(to).toISOString(),
    // Langfuse rejects an orderBy field that is not `<aggregation>_<measure>` of a requested metric
    // (queryBuilder.ts validateAndProcessOrderBy); QUERY_METRICS holds sum(totalCost).
    orderBy: [{ field: 'sum_totalCost', direction: 'desc' }],
    config: { row_limit: ROW_LIMIT },
  };
}

/** One group of the answer, with our label names and units (seconds, not milliseconds). */
export interface MetricsRow {
  readonly model: string | null;
  readonly trace_name: string | null;
  readonly environment: string | null;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly observations: number;
  /** Undefined when Langfuse had no latency for the group. */
  readonly latencyP95Seconds: number | undefined;
}

/** The answer did not have the documented shape. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

function dimension(row: Record<string, unknown>, field: string): string | null {
  const value = row[field];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedResponseError(`dimension "${field}" is a ${typeof value}, not a string`);
}

/**
 * Langfuse passes ClickHouse's JSONEachRow through: 64-bit integers (counts, token sums) arrive as
 * numeric strings, Decimal costs and Float64 quantiles as numbers; null means none.
 */
function measure(row: Record<string, unknown>, key: string): number | undefined {
  const value = row[key];
  if (value === null || value === undefined) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  if (!Number.isFinite(number))
    throw new MalformedResponseError(`"${key}" is not a number: ${String(value)}`);
  return number;
}

/** Parses a response body; throws {@link MalformedResponseError} if it is not `{ data: [object] }`. */
export function parseMetricsResponse(body: unknown): MetricsRow[] {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { data?: unknown }).data)) {
    throw new MalformedResponseError('expected a JSON object with a "data" array');
  }
  return ((body as { data: unknown[] }).data as unknown[]).map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new MalformedResponseError(`data[${index}] is not an object`);
    }
    const row = item as Record<string, unknown>;
    const latencyMs = measure(row, 'p95_latency');
    return {
      model: dimension(row, 'providedModelName'),
      trace_name: dimension(row, 'traceName'),
      environment: dimension(row, 'environment'),
      costUsd: measure(row, 'sum_totalCost') ?? 0,
      inputTokens: measure(row, 'sum_inputTokens') ?? 0,
      outputTokens: measure(row, 'sum_outputTokens') ?? 0,
      totalTokens: measure(row, 'sum_totalTokens') ?? 0,
      observations: measure(row, 'count_count') ?? 0,
      latencyP95Seconds: latencyMs === undefined ? undefined : latencyMs / 1000,
    };
  });
}
