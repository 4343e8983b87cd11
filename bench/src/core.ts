/**
 * The core's internals the in-process benches drive directly. `MetricsRecorder` is the hot path but
 * not public API, so it is imported from source (run through tsx); everything else is public.
 */

export type { ExemplarSpan } from '../../packages/telemetry/src/exemplars.js';
export { MetricStore } from '../../packages/telemetry/src/metric-store.js';
export { createMetricsHandler } from '../../packages/telemetry/src/metrics-server.js';
export { OpenMetricsSerializer } from '../../packages/telemetry/src/openmetrics-text.js';
export { createMetricsPipeline } from '../../packages/telemetry/src/pipelines/metrics-pipeline.js';
export { PrometheusTextSerializer } from '../../packages/telemetry/src/prometheus-text.js';
export { type LlmCallRecord, MetricsRecorder } from '../../packages/telemetry/src/recorder.js';
