import { decodeAttributes, OtlpDecodeError } from '../langfuse/otlp-decode.js';
import type { OtlpAttributes } from '../langfuse/types.js';

/** One data point as received: a number (gauge or sum), or a histogram's count and sum. */
export interface OtlpMetricPoint {
  attributes: OtlpAttributes;
  /** Gauge or sum value (`asDouble`, or `asInt` as a number). */
  value?: number;
  /** Histogram count and sum. */
  count?: number;
  sum?: number;
}

/** One metric as received over OTLP (any encoding), with its scope name. */
export interface OtlpMetric {
  name: string;
  unit: string;
  kind: 'gauge' | 'sum' | 'histogram' | 'other';
  scope: string;
  resource: OtlpAttributes;
  points: OtlpMetricPoint[];
}

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

function list(value: unknown, where: string): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${where} must be an array`);
  return value.map(record);
}

/** A JSON number or a decimal string (int64 and fixed64 in OTLP/JSON) as a number; absent is `undefined`. */
function numeric(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number))
    throw new OtlpDecodeError(`${where} is not a number`);
  return number;
}

function numberPoint(point: Json): OtlpMetricPoint {
  return {
    attributes: decodeAttributes(point.attributes),
    value: numeric(point.asDouble, 'asDouble') ?? numeric(point.asInt, 'asInt') ?? 0,
  };
}

function histogramPoint(point: Json): OtlpMetricPoint {
  return {
    attributes: decodeAttributes(point.attributes),
    count: numeric(point.count, 'count') ?? 0,
    sum: numeric(point.sum, 'sum') ?? 0,
  };
}

function decodeMetric(metric: Json, scope: string, resource: OtlpAttributes): OtlpMetric {
  const base = { name: String(metric.name ?? ''), unit: String(metric.unit ?? ''), scope, resource };
  for (const kind of ['gauge', 'sum'] as const) {
    if (kind in metric) {
      return { ...base, kind, points: list(record(metric[kind]).dataPoints, 'dataPoints').map(numberPoint) };
    }
  }
  if ('histogram' in metric) {
    const points = list(record(metric.histogram).dataPoints, 'dataPoints').map(histogramPoint);
    return { ...base, kind: 'histogram', points };
  }
  return { ...base, kind: 'other', points: [] };
}

/** Decodes an `ExportMetricsServiceRequest` in its OTLP/JSON shape into flat metrics. */
export function decodeExportMetricsRequest(body: unknown): OtlpMetric[] {
  const metrics: OtlpMetric[] = [];
  for (const resourceMetrics of list(record(body).resourceMetrics, 'resourceMetrics')) {
    const resource = decodeAttributes(record(resourceMetrics.resource).attributes);
    for (const scopeMetrics of list(resourceMetrics.scopeMetrics, 'scopeMetrics')) {
      const scope = String(record(scopeMetrics.scope).name ?? '');
      for (const metric of list(scopeMetrics.metrics, 'metrics'))
        metrics.push(decodeMetric(metric, scope, resource));
    }
  }
  return metrics;
}
