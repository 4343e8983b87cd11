export type { MetricsHandler } from '@tradingagents/telemetry/serving';
export type { ExporterMetricDefinition, ExporterMetricKey, PollErrorReason } from './catalogue.js';
export {
  EXPORTER_METRIC_CATALOGUE,
  EXPORTER_METRICS,
  OVERFLOW_LABEL_VALUE,
  POLL_ERROR_REASONS,
  TOKEN_TYPES,
  UNKNOWN_LABEL_VALUE,
} from './catalogue.js';
export type { MetricsApiVersion } from './client.js';
export type { ResolvedExporterConfig } from './config.js';
export { EXPORTER_DEFAULTS, LangfuseExporterConfigError, resolveExporterConfig } from './config.js';
export type { EnvSource, ExporterEnvKey } from './env.js';
export { EXPORTER_ENV_KEYS } from './env.js';
export type { LangfuseExporterHandle } from './exporter.js';
export { startLangfuseExporter } from './exporter.js';
export { EXPORTER_OPTIONS } from './options-table.js';
export type { PollerStatus } from './poller.js';
export type { MetricsQuery } from './query.js';
export { buildMetricsQuery, parseMetricsResponse } from './query.js';
export type { LangfuseExporterOptions } from './types.js';
export { VERSION } from './version.js';
