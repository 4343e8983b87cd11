/**
 * `@tradingagents/telemetry/serving`: the `/metrics` serving pieces, for other processes of the
 * family (the Langfuse bridge) that expose an OTel Prometheus exporter the same way the core does.
 */

export type { MetricsHandler, MetricsServerOptions, StartedMetricsServer } from './metrics-server.js';
export { createMetricsHandler, startMetricsServer } from './metrics-server.js';
export { OpenMetricsSerializer } from './openmetrics-text.js';
export { PrometheusTextSerializer } from './prometheus-text.js';
