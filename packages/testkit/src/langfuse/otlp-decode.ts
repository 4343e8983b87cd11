import type { OtlpAttributes, OtlpAttributeValue, OtlpSpan, OtlpSpanEvent } from './types.js';

/** The body is not a valid OTLP/JSON `ExportTraceServiceRequest`. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${where} must be an array`);
  return value;
}

/** Decodes one OTLP `AnyValue` (JSON encoding): int64 may arrive as a number or a decimal string. */
export function decodeAnyValue(value: unknown): OtlpAttributeValue {
  if (!isRecord(value)) return null;
  if ('stringValue' in value) return String(value.stringValue);
  if ('boolValue' in value) return value.boolValue === true || value.boolValue === 'true';
  if ('intValue' in value) {
    const raw = value.intValue;
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'string' && /^-?\d+$/.test(raw)) {
      const asNumber = Number(raw);
      return Number.isSafeInteger(asNumber) ? asNumber : raw;
    }
    throw new OtlpDecodeError(`invalid intValue ${JSON.stringify(raw)}`);
  }
  if ('doubleValue' in value) {
    const raw = value.doubleValue;
    // proto3 JSON spells the non-finite doubles as strings.
    if (typeof raw === 'number') return raw;
    if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return Number(raw);
    if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
    throw new OtlpDecodeError(`invalid doubleValue ${JSON.stringify(raw)}`);
  }
  if ('arrayValue' in value) {
    const values = isRecord(value.arrayValue) ? value.arrayValue.values : undefined;
    return list(values, 'arrayValue.values').map(decodeAnyValue);
  }
  if ('kvlistValue' in value) {
    const values = isRecord(value.kvlistValue) ? value.kvlistValue.values : undefined;
    return decodeAttributes(values, 'kvlistValue.values');
  }
  if ('bytesValue' in value) return String(value.bytesValue);
  return null;
}

/** Decodes a `KeyValue[]` list into an object. */
export function decodeAttributes(attributes: unknown, where = 'attributes'): OtlpAttributes {
  const out: OtlpAttributes = {};
  for (const entry of list(attributes, where)) {
    if (!isRecord(entry) || typeof entry.key !== 'string')
      throw new OtlpDecodeError(`${where}: entry without a key`);
    out[entry.key] = decodeAnyValue(entry.value);
  }
  return out;
}

/**
 * Normalises a trace or span id. OTLP/JSON sends hex (a documented exception to proto3 JSON);
 * base64 of the right byte length is accepted too, since generic protobuf-JSON encoders produce it.
 */
function decodeId(value: unknown, bytes: number, where: string): string {
  if (typeof value !== 'string') throw new OtlpDecodeError(`${where} must be a string`);
  const hex = new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`);
  if (hex.test(value)) return value.toLowerCase();
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length === bytes && decoded.toString('base64') === value) return decoded.toString('hex');
  throw new OtlpDecodeError(
    `${where} is neither ${bytes * 2} hex digits nor base64 of ${bytes} bytes: ${value}`,
  );
}

/** Normalises a `fixed64` nanosecond timestamp sent as a number or a decimal string. */
function decodeNanos(value: unknown, where: string): string {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return BigInt(Math.trunc(value)).toString();
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value).toString();
  throw new OtlpDecodeError(`${where} must be a non-negative integer (number or decimal string)`);
}

// proto3 JSON may spell enums by name; the OTel JS exporter sends the numbers.
const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

function decodeEnum(value: unknown, names: string[]): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && names.includes(value)) return names.indexOf(value);
  return 0;
}

function decodeEvent(event: unknown): OtlpSpanEvent {
  if (!isRecord(event)) throw new OtlpDecodeError('span event must be an object');
  return {
    name: String(event.name ?? ''),
    timeUnixNano: decodeNanos(event.timeUnixNano, 'event.timeUnixNano'),
    attributes: decodeAttributes(event.attributes, 'event.attributes'),
  };
}

/** Decodes an OTLP/JSON `ExportTraceServiceRequest` into flat spans. */
export function decodeExportTraceRequest(body: unknown): OtlpSpan[] {
  if (!isRecord(body)) throw new OtlpDecodeError('body must be a JSON object');
  const spans: OtlpSpan[] = [];
  for (const resourceSpan of list(body.resourceSpans, 'resourceSpans')) {
    if (!isRecord(resourceSpan)) throw new OtlpDecodeError('resourceSpans[] must be objects');
    const resource = {
      attributes: decodeAttributes((resourceSpan.resource as Json | undefined)?.attributes),
    };
    for (const scopeSpan of list(resourceSpan.scopeSpans, 'scopeSpans')) {
      if (!isRecord(scopeSpan)) throw new OtlpDecodeError('scopeSpans[] must be objects');
      const rawScope = isRecord(scopeSpan.scope) ? scopeSpan.scope : {};
      const scope = {
        name: String(rawScope.name ?? ''),
        ...(typeof rawScope.version === 'string' && rawScope.version !== ''
          ? { version: rawScope.version }
          : {}),
        attributes: decodeAttributes(rawScope.attributes, 'scope.attributes'),
      };
      for (const span of list(scopeSpan.spans, 'spans')) {
        if (!isRecord(span)) throw new OtlpDecodeError('spans[] must be objects');
        const parent = span.parentSpanId;
        const status = isRecord(span.status) ? span.status : {};
        spans.push({
          traceId: decodeId(span.traceId, 16, 'traceId'),
          spanId: decodeId(span.spanId, 8, 'spanId'),
          ...(typeof parent === 'string' && parent !== ''
            ? { parentSpanId: decodeId(parent, 8, 'parentSpanId') }
            : {}),
          name: String(span.name ?? ''),
          kind: decodeEnum(span.kind, SPAN_KINDS),
          startTimeUnixNano: decodeNanos(span.startTimeUnixNano, 'startTimeUnixNano'),
          endTimeUnixNano: decodeNanos(span.endTimeUnixNano, 'endTimeUnixNano'),
          attributes: decodeAttributes(span.attributes),
          events: list(span.events, 'events').map(decodeEvent),
          status: {
            code: decodeEnum(status.code, STATUS_CODES),
            ...(typeof status.message === 'string' ? { message: status.message } : {}),
          },
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}

/** Converts unix nanoseconds to ISO 8601 with millisecond precision, as Langfuse stores times. */
export function nanosToIso(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}
