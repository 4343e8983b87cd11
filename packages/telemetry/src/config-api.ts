/**
 * `@tradingagents/telemetry/config`: how options resolve (option > env > default), every env key
 * read, the defaults, and the option types of {@link TradingAgentsTelemetryOptions}.
 */
export type { ResolvedConfig } from './config.js';
export { DEFAULTS, resolveConfig, TelemetryConfigError } from './config.js';
export type { EnvSource, TelemetryEnvKey } from './env.js';
export { EnvReader, TELEMETRY_ENV_KEYS } from './env.js';
export type {
  AutoInstrumentOptions,
  CardinalityOptions,
  ContentMask,
  ContentOptions,
  LangfuseOptions,
  MetricsOptions,
  TradingAgentsTelemetryOptions,
} from './types.js';
