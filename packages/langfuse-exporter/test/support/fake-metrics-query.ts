/**
 * The rules of Langfuse's Metrics API that the stand-in follows, checked against Langfuse's server code
 * (langfuse/langfuse, read at 6275144):
 * - request schema: `web/src/features/public-api/types/metrics.ts` (MetricsQueryObject / …V2);
 * - views, dimensions, measures: `packages/shared/src/features/query/dataModel.ts` (`observationsView` for
 *   v1, `eventsObservationsView` for v2);
 * - SQL: `packages/shared/src/features/query/server/queryBuilder.ts` (time filters `>=` from and `<=` to;
 *   a dimension with `relationTable: "traces"` INNER JOINs traces with the same window on
 *   `traces.timestamp`; `p95` is ClickHouse `quantile(0.95)`; orderBy fields validated against the
 *   requested dimensions and `<aggregation>_<measure>` of the requested metrics; LIMIT only when
 *   `row_limit` is set, which v2 (`web/src/pages/api/public/v2/metrics.ts`) defaults to 100 and v1 does not);
 * - serialisation: ClickHouse JSONEachRow with default settings (`packages/shared/src/server/repositories/
 *   clickhouse.ts` overrides neither `output_format_json_quote_64bit_integers` nor `…_quote_decimals`), so
 *   64-bit integers (counts, and sum/min/max of integer measures) arrive as JSON strings, Decimals
 *   (costs) and Float64 (avg, quantiles) as numbers.
 */

export class BadRequest extends Error {}

export type ApiVersion = 'v1' | 'v2';

export interface FakeObservation {
  model: string | null;
  traceName: string | null;
  environment: string;
  /** ISO time; defaults to 30 minutes before the query's toTimestamp. */
  startTime?: string;
  /** ISO start of the observation's trace (`traces.timestamp`); defaults to `startTime`. */
  traceStartTime?: string;
  totalCost: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

const V2_VIEWS = ['observations', 'scores-numeric', 'scores-categorical', 'scores-boolean'];
const V1_VIEWS = ['traces', ...V2_VIEWS];
/** v1 `observationsView` dimensions whose `relationTable` is `traces`: using one joins the traces table. */
const V1_TRACE_JOINED = ['traceName', 'tags', 'userId', 'sessionId', 'traceRelease', 'traceVersion'];
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
/** Measure → ClickHouse type class (`type` in dataModel.ts): integer ones serialise as strings when summed. */
const OBSERVATION_MEASURES: Record<string, 'integer' | 'decimal'> = {
  count: 'integer',
  latency: 'integer',
  streamingLatency: 'integer',
  inputTokens: 'integer',
  outputTokens: 'integer',
  totalTokens: 'integer',
  outputTokensPerSecond: 'decimal',
  tokensPerSecond: 'decimal',
  inputCost: 'decimal',
  outputCost: 'decimal',
  totalCost: 'decimal',
  timeToFirstToken: 'integer',
  countScores: 'integer',
};
const AGGREGATIONS = [
  'sum',
  'avg',
  'count',
  'max',
  'min',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'histogram',
  'uniq',
];
/** queryBuilder.ts validateAndProcessOrderBy: the only metric names an orderBy may use. */
const ORDER_BY_METRIC = /^(sum|avg|count|max|min|p50|p75|p90|p95|p99|uniq)_(.+)$/;
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

type Metric = { measure: string; aggregation: string };

function validateDimensions(query: Record<string, unknown>, version: ApiVersion): void {
  const dimensions = query.dimensions ?? [];
  if (!Array.isArray(dimensions)) throw new BadRequest('dimensions must be an array');
  for (const dimension of dimensions) {
    if (!isObject(dimension) || typeof dimension.field !== 'string')
      throw new BadRequest('dimension needs a field');
    if (version === 'v2' && HIGH_CARDINALITY.includes(dimension.field)) {
      throw new BadRequest(`High cardinality dimension '${dimension.field}' is not supported in v2`);
    }
    if (!OBSERVATION_DIMENSIONS.includes(dimension.field)) {
      throw new BadRequest(`Invalid dimension ${dimension.field}. Must be one of the view's dimensions`);
    }
  }
  if (!Array.isArray(query.metrics) || query.metrics.length === 0) {
    throw new BadRequest('metrics must be a non-empty array');
  }
  for (const metric of query.metrics) {
    if (
      !isObject(metric) ||
      typeof metric.measure !== 'string' ||
      !(metric.measure in OBSERVATION_MEASURES)
    ) {
      throw new BadRequest(`Invalid metric ${JSON.stringify(isObject(metric) ? metric.measure : metric)}`);
    }
    if (typeof metric.aggregation !== 'string' || !AGGREGATIONS.includes(metric.aggregation)) {
      throw new BadRequest(`Invalid aggregation ${JSON.stringify(metric.aggregation)}`);
    }
  }
}

function validateFilters(query: Record<string, unknown>): void {
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
}

/** Each orderBy field must be a requested dimension or `<aggregation>_<measure>` of a requested metric. */
function validateOrderBy(query: Record<string, unknown>): void {
  const orderBy = query.orderBy ?? null;
  if (orderBy === null) return;
  if (!Array.isArray(orderBy)) throw new BadRequest('orderBy must be an array or null');
  const dimensions = ((query.dimensions ?? []) as { field: string }[]).map((d) => d.field);
  const metrics = query.metrics as Metric[];
  for (const order of orderBy) {
    if (
      !isObject(order) ||
      typeof order.field !== 'string' ||
      !['asc', 'desc'].includes(String(order.direction))
    ) {
      throw new BadRequest('Invalid orderBy');
    }
    if (dimensions.includes(order.field)) continue;
    const match = ORDER_BY_METRIC.exec(order.field);
    if (match !== null && metrics.some((m) => m.aggregation === match[1] && m.measure === match[2])) continue;
    throw new BadRequest(
      `Invalid orderBy field: ${order.field}. Must be one of the dimension or metric fields.`,
    );
  }
}

/** Validates a query object like Langfuse (stricter on unknown top-level keys, to catch typos). */
export function validateQuery(query: unknown, version: ApiVersion): Record<string, unknown> {
  if (!isObject(query)) throw new BadRequest('query must be a JSON object');
  for (const key of Object.keys(query)) {
    if (!QUERY_KEYS.includes(key)) throw new BadRequest(`unknown query field "${key}"`);
  }
  const views = version === 'v2' ? V2_VIEWS : V1_VIEWS;
  if (typeof query.view !== 'string' || !views.includes(query.view)) {
    throw new BadRequest(`Invalid view "${String(query.view)}": expected one of ${views.join(', ')}`);
  }
  if (query.view !== 'observations') throw new BadRequest('this fake implements the observations view only');
  validateDimensions(query, version);
  validateFilters(query);
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
  validateOrderBy(query);
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

/** ClickHouse `quantile(level)`: exact below 8192 values, linear interpolation at `level * (n - 1)`. */
export function clickhouseQuantile(level: number, values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.max(0, Math.min(sorted.length - 1, level * (sorted.length - 1)));
  const left = Math.floor(index);
  if (left + 1 >= sorted.length) return sorted[left] as number;
  return (sorted[left] as number) * (left + 1 - index) + (sorted[left + 1] as number) * (index - left);
}

/** The value as ClickHouse's JSONEachRow writes it: 64-bit integers quoted, Decimal and Float64 bare. */
function aggregate(metric: Metric, values: number[]): number | string {
  const integer = OBSERVATION_MEASURES[metric.measure] === 'integer';
  const { aggregation } = metric;
  if (aggregation === 'count') return String(values.length);
  if (aggregation === 'uniq') return String(new Set(values).size);
  if (aggregation === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
  if (aggregation.startsWith('p')) return clickhouseQuantile(Number(aggregation.slice(1)) / 100, values);
  const result =
    aggregation === 'sum'
      ? values.reduce((a, b) => a + b, 0)
      : aggregation === 'max'
        ? Math.max(...values)
        : Math.min(...values);
  return integer ? String(result) : result;
}

/** Numbers (or numeric strings) by value, anything else as text; null first, like ClickHouse ascending. */
function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  const [x, y] = [Number(a), Number(b)];
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function passesFilters(o: FakeObservation, filters: readonly Record<string, unknown>[]): boolean {
  for (const filter of filters) {
    const value = DIMENSION_OF[filter.column as string]?.(o);
    if (filter.type === 'null' && filter.operator === 'is not null' && value === null) return false;
    if (filter.type === 'null' && filter.operator === 'is null' && value !== null) return false;
    if (filter.type === 'stringOptions') {
      const listed = (filter.value as string[]).includes(String(value));
      if (filter.operator === 'any of' ? !listed : listed) return false;
    }
  }
  return true;
}

/** Computes the answer's rows from the fake observations, as Langfuse's query builder would. */
export function answerQuery(
  query: Record<string, unknown>,
  observations: readonly FakeObservation[],
  version: ApiVersion,
): Record<string, unknown>[] {
  const from = Date.parse(query.fromTimestamp as string);
  const to = Date.parse(query.toTimestamp as string);
  const fields = ((query.dimensions ?? []) as { field: string }[]).map((d) => d.field);
  const filters = (query.filters ?? []) as Record<string, unknown>[];
  // v1 only: a traces-table dimension or filter adds INNER JOIN traces … WHERE traces.timestamp in the window.
  const joinsTraces =
    version === 'v1' &&
    [...fields, ...filters.map((f) => f.column as string)].some((f) => V1_TRACE_JOINED.includes(f));
  const inWindow = observations.filter((o) => {
    const start = o.startTime === undefined ? to - 30 * 60_000 : Date.parse(o.startTime);
    if (start < from || start > to) return false;
    if (joinsTraces) {
      const traceStart = o.traceStartTime === undefined ? start : Date.parse(o.traceStartTime);
      if (traceStart < from || traceStart > to) return false;
    }
    return passesFilters(o, filters);
  });
  const groups = new Map<string, FakeObservation[]>();
  for (const o of inWindow) {
    const key = JSON.stringify(fields.map((field) => DIMENSION_OF[field]?.(o) ?? null));
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const metrics = query.metrics as Metric[];
  const rows = [...groups.entries()].map(([key, members]) => {
    const row: Record<string, unknown> = {};
    (JSON.parse(key) as (string | null)[]).forEach((value, index) => {
      row[fields[index] as string] = value;
    });
    for (const metric of metrics) {
      const values = members.map((o) => MEASURE_OF[metric.measure]?.(o) ?? 0);
      row[`${metric.aggregation}_${metric.measure}`] = aggregate(metric, values);
    }
    return row;
  });
  // Without orderBy, Langfuse orders by the first metric, descending.
  const first = metrics[0] as Metric;
  const order = ((query.orderBy ?? null) as { field: string; direction: string }[] | null)?.[0] ?? {
    field: `${first.aggregation}_${first.measure}`,
    direction: 'desc',
  };
  const sign = order.direction === 'desc' ? -1 : 1;
  rows.sort((a, b) => sign * compareValues(a[order.field], b[order.field]));
  const rowLimit = (query.config as { row_limit?: number } | undefined)?.row_limit;
  const limit = rowLimit ?? (version === 'v2' ? 100 : Number.POSITIVE_INFINITY);
  return rows.slice(0, limit);
}
