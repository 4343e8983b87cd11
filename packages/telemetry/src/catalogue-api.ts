/**
 * `@tradingagents/telemetry/catalogue`: every instrument this SDK creates, with its Prometheus name,
 * type, unit, labels, buckets and bounds. Dashboards, alert rules, docs and tests derive from it.
 */
export type {
  BoundedLabelKind,
  InstrumentKind,
  MetricDefinition,
  MetricKey,
  PrometheusType,
} from './catalogue.js';
export {
  ANALYSIS_STATUSES,
  METRIC_CATALOGUE,
  METRICS,
  OVERFLOW_LABEL_VALUE,
  STATUS,
  TOKEN_TYPES,
  TRADE_DECISIONS,
  TRADE_OUTCOMES,
} from './catalogue.js';
export type { TokenType, TokenTypeRow } from './tokens.js';
export { TOKEN_TYPE_TABLE } from './tokens.js';
