import type { Resource } from '@opentelemetry/resources';
import {
  type DataPoint,
  DataPointType,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { log } from './diag-logger.js';
import { type ExemplarFields, type ExemplarSlot, exemplarTimeMs } from './exemplars.js';
import {
  bucketBound,
  ExpositionWriter,
  escapeString,
  prometheusType,
  sampleName,
  valueString,
} from './exposition-writer.js';
import { flatString } from './util/flat-string.js';

/** Content type of OpenMetrics 1.0 text. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * Writes OpenMetrics 1.0 text with exemplars, for scrapers that ask for it (Prometheus does, and
 * stores the exemplars with `--enable-feature=exemplar-storage`). The samples — names, labels and
 * values — are those of the text format ({@link PrometheusTextSerializer}, a property test compares
 * the two), so switching a scraper between formats keeps every series:
 *
 * - a counter's family is named without `_total` (`# TYPE x counter`) and its sample `x_total`;
 * - `target_info` is the sample of the info family `target`;
 * - histogram buckets come first, in `le` order, then `_count` and `_sum` (`_count` only with a
 *   sum, as the format requires); `le` values are written as the text format writes them
 *   (`le="1"`, not the canonical `le="1.0"`): Prometheus before 3.0 does not normalise `le`, so the
 *   canonical form would start new bucket series and split every histogram at the switch;
 * - no `# UNIT` line, since OpenMetrics requires the unit as a suffix of the name (ours are UCUM
 *   units such as `s` and `{token}`), and no `_created` samples (none in the text format either);
 * - counters and histogram buckets carry the exemplar our store kept for them (the latest per
 *   series or bucket): `# {trace_id="…",span_id="…"} <value> <timestamp>`.
 */
export class OpenMetricsSerializer extends ExpositionWriter {
  readonly contentType = OPENMETRICS_CONTENT_TYPE;

  protected *chunks(resourceMetrics: ResourceMetrics): Iterable<string> {
    yield this.targetInfo(resourceMetrics.resource);
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      for (const data of scopeMetrics.metrics) {
        const name = sampleName(data);
        if (name === undefined) continue;
        const type = prometheusType(data);
        const family = type === 'counter' ? name.slice(0, -'_total'.length) : name;
        const help = escapeHelp(data.descriptor.description || 'description missing');
        yield `# TYPE ${family} ${type === 'untyped' ? 'unknown' : type}\n# HELP ${family} ${help}\n`;
        switch (data.dataPointType) {
          case DataPointType.SUM:
          case DataPointType.GAUGE:
            for (const point of data.dataPoints) {
              const labels = this.labels(point.attributes);
              const exemplar = type === 'counter' ? (point as ExemplarFields).exemplar : undefined;
              yield `${name}${labels ? `{${labels}}` : ''} ${valueString(point.value)}${exemplarText(exemplar)}\n`;
            }
            break;
          case DataPointType.HISTOGRAM:
            for (const point of data.dataPoints) yield this.histogram(name, point);
            break;
          default:
            log.error(`Unrecognizable DataPointType: ${data.dataPointType} for metric "${name}"`);
        }
      }
    }
    yield '# EOF\n';
  }

  private targetInfo(resource: Resource): string {
    const labels = this.renderLabels(resource.attributes);
    return `# TYPE target info\n# HELP target Target metadata\ntarget_info${labels ? `{${labels}}` : ''} 1\n`;
  }

  private histogram(name: string, point: DataPoint<Histogram>): string {
    const labels = this.labels(point.attributes);
    const braced = labels ? `{${labels}}` : '';
    const histogram = point.value;
    const exemplars = (point as ExemplarFields).bucketExemplars;
    const prefix = `${name}_bucket{${labels ? `${labels},` : ''}le="`;
    const { boundaries, counts } = histogram.buckets;
    let text = '';
    let cumulative = 0;
    let infiniteSeen = false;
    for (let i = 0; i < counts.length; i++) {
      cumulative += counts[i] as number;
      const le = bucketBound(boundaries, i, infiniteSeen);
      if (le === undefined) break;
      if (boundaries[i] === Number.POSITIVE_INFINITY) infiniteSeen = true;
      text += `${prefix}${le}"} ${valueString(cumulative)}${exemplarText(exemplars?.[i])}\n`;
    }
    if (histogram.sum != null) {
      if (histogram.count != null) text += `${name}_count${braced} ${valueString(histogram.count)}\n`;
      text += `${name}_sum${braced} ${valueString(histogram.sum)}\n`;
    }
    return text;
  }
}

/** HELP text escaped as OpenMetrics requires: backslash, line feed and double quote. */
function escapeHelp(text: string): string {
  return escapeString(text).replace(/"/g, '\\"');
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * ` # {trace_id="…",span_id="…"} <value> <seconds since the epoch, ms precision>`, or nothing.
 * Ids are checked here, once per exemplar written, rather than on the hot path: a span context
 * from another tracer could hold anything, and one bad line fails the whole OpenMetrics scrape.
 * The text is kept on the slot and reused while the slot holds the same exemplar.
 */
function exemplarText(slot: ExemplarSlot | undefined): string {
  if (slot === undefined) return '';
  const context = slot.context;
  // Unchanged since the last scrape: the text written then.
  if (
    context === slot.textContext &&
    slot.value === slot.textValue &&
    slot.start === slot.textStart &&
    slot.seconds === slot.textSeconds
  ) {
    return slot.text;
  }
  slot.textContext = context;
  slot.textValue = slot.value;
  slot.textStart = slot.start;
  slot.textSeconds = slot.seconds;
  if (context === undefined || !TRACE_ID.test(context.traceId) || !SPAN_ID.test(context.spanId)) {
    slot.text = '';
    return '';
  }
  const timeMs = exemplarTimeMs(slot, Date.now());
  slot.textTimeMs = timeMs;
  slot.text = flatString(
    ` # {trace_id="${context.traceId}",span_id="${context.spanId}"} ${valueString(slot.value)} ${(timeMs / 1000).toFixed(3)}`,
  );
  return slot.text;
}
