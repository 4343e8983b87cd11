import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { log } from './diag-logger.js';
import { TimeSlicer } from './time-slicer.js';
import { flatString } from './util/flat-string.js';

/** Characters of text encoded to bytes at a time while writing sliced (~0.5 ms of encoding). */
export const ENCODE_EVERY = 64 * 1024;

/**
 * What the two exposition formats share: label text built once per (frozen) attribute object and
 * reused across sample lines and scrapes, and two ways to produce the text from the same chunks —
 * at once ({@link serialize}), or in slices that yield to the event loop ({@link serializeSliced}),
 * so that a scrape of a large store never blocks the app in one piece. Both give the same text.
 */
export abstract class ExpositionWriter {
  /** The HTTP content type of this format's text. */
  abstract readonly contentType: string;
  private readonly labelCache = new WeakMap<Attributes, string>();
  private readonly keyCache = new Map<string, string>();

  /** The whole exposition text, in one synchronous block. */
  serialize(resourceMetrics: ResourceMetrics): string {
    let text = '';
    for (const chunk of this.chunks(resourceMetrics)) text += chunk;
    return text;
  }

  /**
   * The same text as {@link serialize}, as UTF-8 bytes in parts: written a data point at a time, encoded
   * every {@link ENCODE_EVERY} characters, and yielding to the event loop whenever `slicer`'s time
   * budget is spent. Encoding as it goes matters as much as slicing: the text is a rope of some
   * 100,000 small strings, and converting it to bytes in one go (what `response.end(text)` does)
   * blocked for longer than writing it (~12 ms against ~2 ms for 14,000 samples).
   */
  async encodeSliced(resourceMetrics: ResourceMetrics, slicer = new TimeSlicer()): Promise<Buffer[]> {
    const parts: Buffer[] = [];
    let text = '';
    for (const chunk of this.chunks(resourceMetrics)) {
      text += chunk;
      if (text.length >= ENCODE_EVERY) {
        parts.push(Buffer.from(text, 'utf8'));
        text = '';
      }
      if (slicer.due()) await slicer.pause();
    }
    parts.push(Buffer.from(text, 'utf8'));
    return parts;
  }

  /** {@link encodeSliced}, as a string. */
  async serializeSliced(resourceMetrics: ResourceMetrics, slicer = new TimeSlicer()): Promise<string> {
    return Buffer.concat(await this.encodeSliced(resourceMetrics, slicer)).toString('utf8');
  }

  /** The exposition in order: small pieces (a header, a data point's lines), joined by the callers. */
  protected abstract chunks(resourceMetrics: ResourceMetrics): Iterable<string>;

  /** The label text of an attribute set, cached per (stable) attribute object. */
  protected labels(attributes: Attributes): string {
    let text = this.labelCache.get(attributes);
    if (text === undefined) {
      text = this.renderLabels(attributes);
      if (Object.isFrozen(attributes)) this.labelCache.set(attributes, flatString(text));
    }
    return text;
  }

  protected renderLabels(attributes: Attributes): string {
    let text = '';
    for (const [key, value] of Object.entries(attributes)) {
      let cleanKey = this.keyCache.get(key);
      if (cleanKey === undefined) {
        cleanKey = sanitizeName(key);
        if (this.keyCache.size < 10_000) this.keyCache.set(key, cleanKey);
      }
      text += `${text.length > 0 ? ',' : ''}${cleanKey}="${escapeLabelValue(value)}"`;
    }
    return text;
  }
}

/**
 * The sample name of a metric as the Prometheus exporter writes it (sanitised, `_` before a leading
 * digit, `_total` on counters), or undefined (logged) when nothing valid is left of it.
 */
export function sampleName(data: MetricData): string | undefined {
  let name = sanitizeName(escapeString(data.descriptor.name));
  if (name === '' || name === '_') {
    log.error(`Normalization for metric "${data.descriptor.name}" resulted in an invalid name: "${name}"`);
    return undefined;
  }
  if (name[0] >= '0' && name[0] <= '9') name = `_${name}`;
  if (prometheusType(data) === 'counter' && !name.endsWith('_total')) name = `${name}_total`;
  return name;
}

export function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Strings as they are; other values as JSON, like the upstream serializer. */
export function escapeLabelValue(value: unknown = ''): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) as string);
  return escapeString(text).replace(/"/g, '\\"');
}

export function sanitizeName(name: string): string {
  return name.replace(/[^a-z0-9_]/gi, '_').replace(/_{2,}/g, '_');
}

export function valueString(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return `${value}`;
}

export function prometheusType(data: MetricData): string {
  switch (data.dataPointType) {
    case DataPointType.SUM:
      return data.isMonotonic ? 'counter' : 'gauge';
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
      return 'histogram';
    default:
      return 'untyped';
  }
}

/** The `le` label value of bucket `i`, as both formats write it; undefined past an explicit +Inf. */
export function bucketBound(
  boundaries: readonly number[],
  i: number,
  infiniteSeen: boolean,
): string | undefined {
  const bound = boundaries[i];
  if (bound === undefined && infiniteSeen) return undefined;
  return bound === undefined || bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
}
