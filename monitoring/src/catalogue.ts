/**
 * Metric names for dashboards and rules, taken from the SDK's metric catalogue so that a renamed
 * instrument breaks generation (and the tests) instead of leaving a panel that shows "No data".
 */
import {
  EXPORTER_METRIC_CATALOGUE as BRIDGE_METRIC_CATALOGUE,
  EXPORTER_METRICS as BRIDGE_METRICS,
  type ExporterMetricKey as BridgeMetricKey,
} from '../../packages/langfuse-exporter/src/catalogue.js';
import { METRICS, type MetricKey } from '../../packages/telemetry/src/catalogue.js';

export type { MetricKey };
export { METRICS };

/** The series family name as scraped, e.g. `tradingagents_analyses_total`. */
export function metric(key: MetricKey): string {
  return METRICS[key].prometheusName;
}

/** A histogram's `_bucket`, `_sum` or `_count` series; throws for anything but a histogram. */
export function histogramSeries(key: MetricKey, suffix: 'bucket' | 'sum' | 'count'): string {
  const def = METRICS[key];
  if (def.prometheusType !== 'histogram') {
    throw new Error(`${def.prometheusName} is a ${def.prometheusType}, not a histogram`);
  }
  return `${def.prometheusName}_${suffix}`;
}

/** Returns `label` after checking that the metric carries it (or that it is a target label). */
export function label(key: MetricKey, name: string): string {
  const def = METRICS[key];
  if (!def.labels.includes(name) && !TARGET_LABELS.includes(name)) {
    throw new Error(`${def.prometheusName} has no label "${name}" (labels: ${def.labels.join(', ')})`);
  }
  return name;
}

/** Labels Prometheus attaches to every scraped series. */
export const TARGET_LABELS: readonly string[] = ['job', 'instance'];

/** The Langfuse bridge's series (`@tradingagents/langfuse-exporter`), from its own catalogue. */
export { BRIDGE_METRIC_CATALOGUE, BRIDGE_METRICS, type BridgeMetricKey };

/** A series of the Langfuse bridge as scraped, e.g. `tradingagents_langfuse_cost_usd`. */
export function bridgeMetric(key: BridgeMetricKey): string {
  return BRIDGE_METRICS[key].prometheusName;
}

/** Returns `label` after checking that the bridge's metric carries it (or that it is a target label). */
export function bridgeLabel(key: BridgeMetricKey, name: string): string {
  const def = BRIDGE_METRICS[key];
  if (!def.labels.includes(name) && !TARGET_LABELS.includes(name)) {
    throw new Error(`${def.prometheusName} has no label "${name}" (labels: ${def.labels.join(', ')})`);
  }
  return name;
}
