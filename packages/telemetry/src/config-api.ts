/**
 * `@tradingagents/telemetry/config`: how options resolve (option > env > default), every env key
 * read, the defaults, the option types of `TradingAgentsTelemetryOptions`, and the config-table
 * machinery every package of this project resolves its options with.
 */

export { TELEMETRY_OPTIONS } from './config/table.js';
export type { ResolvedConfig } from './config.js';
export { DEFAULTS, resolveConfig, TelemetryConfigError } from './config.js';
export { formatDuration, parseDuration } from './config-table/duration.js';
export type { EnvSource, EnvWarning } from './config-table/env-reader.js';
export { EnvReader, FALSE_WORDS, TRUE_WORDS } from './config-table/env-reader.js';
export { optionTableMarkdown, replaceMarkedBlock } from './config-table/markdown.js';
export type { OptionFailure, OptionKind, OptionRow } from './config-table/option-table.js';
export {
  envKeysOf,
  expectation,
  optionAt,
  optionFailure,
  resolveOption,
  resolveRows,
} from './config-table/option-table.js';
export type { TelemetryEnvKey } from './env.js';
export { TELEMETRY_ENV_KEYS } from './env.js';
export type { OtlpProtocol } from './pipelines/otlp-protocol.js';
export type {
  AutoInstrumentOptions,
  CardinalityOptions,
  ContentMask,
  ContentOptions,
  LangfuseOptions,
  MetricsOptions,
  OtlpProtocolOptions,
  SpoolOptions,
  TradingAgentsTelemetryOptions,
} from './types.js';
