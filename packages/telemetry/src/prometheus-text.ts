import type { Resource } from '@opentelemetry/resources';
import {
  type DataPoint,
  DataPointType,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { log } from './diag-logger.js';
import {
  bucketBound,
  ExpositionWriter,
  escapeString,
  prometheusType,
  sampleName,
  valueString,
} from './exposition-writer.js';

/** Content type of the Prometheus text format 0.0.4. */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Writes the Prometheus text exposition for the OTel Prometheus exporter's metric reader, producing
 * exactly the text of `@opentelemetry/exporter-prometheus`'s `PrometheusSerializer` configured as we
 * configure it (no prefix, no timestamps, no scope labels, `target_info` on) — a test compares the
 * two on generated input. It exists for speed: the upstream serializer re-sanitises and re-escapes
 * every label of every sample line (15 times per histogram series), which made a scrape twice as
 * costly as prom-client's. Here a data point's label text is built once per attribute object and
 * reused for its count, sum and bucket lines and across scrapes. Exemplars are not part of this
 * format: scrapers that ask for OpenMetrics get them ({@link OpenMetricsSerializer}).
 */
export class PrometheusTextSerializer extends ExpositionWriter {
  readonly contentType = PROMETHEUS_TEXT_CONTENT_TYPE;

  protected *chunks(resourceMetrics: ResourceMetrics): Iterable<string> {
    yield this.targetInfo(resourceMetrics.resource);
    let empty = true;
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      for (const data of scopeMetrics.metrics) {
        const name = sampleName(data);
        if (name === undefined) continue;
        empty = false;
        const help = `# HELP ${name} ${escapeString(data.descriptor.description || 'description missing')}`;
        const unit = data.descriptor.unit ? `\n# UNIT ${name} ${escapeString(data.descriptor.unit)}` : '';
        yield `${help}${unit}\n# TYPE ${name} ${prometheusType(data)}\n`;
        switch (data.dataPointType) {
          case DataPointType.SUM:
          case DataPointType.GAUGE:
            for (const point of data.dataPoints) {
              const labels = this.labels(point.attributes);
              yield `${name}${labels ? `{${labels}}` : ''} ${valueString(point.value)}\n`;
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
    if (empty) yield '# no registered metrics';
  }

  private targetInfo(resource: Resource): string {
    const labels = this.renderLabels(resource.attributes);
    const line = `target_info${labels ? `{${labels}}` : ''} 1`;
    return `# HELP target_info Target metadata\n# TYPE target_info gauge\n${line}\n`;
  }

  private histogram(name: string, point: DataPoint<Histogram>): string {
    const labels = this.labels(point.attributes);
    const braced = labels ? `{${labels}}` : '';
    const histogram = point.value;
    let text = '';
    if (histogram.count != null) text += `${name}_count${braced} ${valueString(histogram.count)}\n`;
    if (histogram.sum != null) text += `${name}_sum${braced} ${valueString(histogram.sum)}\n`;
    const prefix = `${name}_bucket{${labels ? `${labels},` : ''}le="`;
    const { boundaries, counts } = histogram.buckets;
    let cumulative = 0;
    let infiniteSeen = false;
    for (let i = 0; i < counts.length; i++) {
      cumulative += counts[i] as number;
      const le = bucketBound(boundaries, i, infiniteSeen);
      if (le === undefined) break;
      if (boundaries[i] === Number.POSITIVE_INFINITY) infiniteSeen = true;
      text += `${prefix}${le}"} ${valueString(cumulative)}\n`;
    }
    return text;
  }
}
