import { diag } from '@opentelemetry/api';
import { EnvReader, type EnvSource, optionFailure, resolveRows } from '@tradingagents/telemetry/config';
import { EXPORTER_DEFAULTS, EXPORTER_OPTIONS, type ExporterEnvKey } from './options-table.js';
import type { LangfuseExporterOptions } from './types.js';

export { EXPORTER_DEFAULTS };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The exporter's env reader: a bad value warns through `diag` and reads as unset (the default is used). */
function exporterEnv(env: EnvSource): EnvReader<ExporterEnvKey> {
  return new EnvReader<ExporterEnvKey>(env, (key, raw, expected) =>
    diag.warn(
      `@tradingagents/langfuse-exporter: ignoring ${key}=${JSON.stringify(raw.slice(0, 64))}: expected ${expected}; using the default.`,
    ),
  );
}

/** The fully resolved, frozen configuration. Durations in seconds. */
export interface ResolvedExporterConfig {
  readonly publicKey: string;
  readonly secretKey: string;
  readonly baseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly pollIntervalSeconds: number;
  readonly windowSeconds: number;
  readonly queryDelaySeconds: number;
  readonly timeoutSeconds: number;
  readonly backoffBaseSeconds: number;
  readonly backoffMaxSeconds: number;
  readonly environments: readonly string[];
  readonly maxModels: number;
  readonly maxTraceNames: number;
  readonly maxEnvironments: number;
  readonly driftThresholdPercent: number;
  readonly serveMetrics: boolean;
}

/** Thrown for an explicitly passed invalid option, or missing credentials. */
export class LangfuseExporterConfigError extends TypeError {
  override readonly name = 'LangfuseExporterConfigError';
}

const fail = optionFailure('startLangfuseExporter', LangfuseExporterConfigError);

/**
 * Resolves options, then env, then defaults, into one frozen config.
 * Throws {@link LangfuseExporterConfigError} for an explicitly passed invalid option and for missing
 * keys (the exporter can do nothing without them); an invalid env value warns through `diag` and is
 * replaced by its default.
 */
export function resolveExporterConfig(
  options: LangfuseExporterOptions = {},
  env: EnvSource = process.env,
): ResolvedExporterConfig {
  if (options === null || typeof options !== 'object') fail('options', 'an object', options);
  const read = exporterEnv(env);
  const config = resolveRows(
    EXPORTER_OPTIONS,
    options,
    read,
    fail,
  ) as unknown as Mutable<ResolvedExporterConfig>;
  if (config.publicKey === undefined || config.secretKey === undefined) {
    throw new LangfuseExporterConfigError(
      'startLangfuseExporter: Langfuse keys are missing: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY ' +
        '(or pass publicKey and secretKey).',
    );
  }
  // A cap below the base would make the backoff shrink; lift it to the base.
  config.backoffMaxSeconds = Math.max(config.backoffMaxSeconds, config.backoffBaseSeconds);
  config.environments = Object.freeze([...config.environments]);
  return Object.freeze(config);
}
