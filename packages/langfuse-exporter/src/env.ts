import { envKeysOf } from '@tradingagents/telemetry/config';
import { EXPORTER_OPTIONS, type ExporterEnvKey } from './options-table.js';

export type { EnvSource } from '@tradingagents/telemetry/config';
export type { ExporterEnvKey };

/** Every environment variable the exporter reads, from its config table (the README and `--help` are checked against it). */
export const EXPORTER_ENV_KEYS: readonly ExporterEnvKey[] = Object.freeze(envKeysOf(EXPORTER_OPTIONS));
