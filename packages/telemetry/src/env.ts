import { TELEMETRY_OPTIONS, type TelemetryEnvKey } from './config/table.js';
import { envKeysOf } from './config-table/option-table.js';

export type { EnvSource } from './config-table/env-reader.js';
export { EnvReader } from './config-table/env-reader.js';
export type { TelemetryEnvKey };

/** Every environment variable this package reads, from the config table (the README is checked against it). */
export const TELEMETRY_ENV_KEYS: readonly TelemetryEnvKey[] = Object.freeze(envKeysOf(TELEMETRY_OPTIONS));
