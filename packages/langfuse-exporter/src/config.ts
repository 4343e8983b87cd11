import { diag } from '@opentelemetry/api';
import { EnvReader, type EnvSource } from './env.js';
import type { LangfuseExporterOptions } from './types.js';

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

/**
 * Defaults. Why a 1 h window and a 10 min delay: the drift alert compares this window with
 * `increase(tradingagents_llm_cost_usd_total[1h] offset 10m)`; an hour is short enough to page on a
 * pricing or instrumentation break the same hour, and the delay keeps Langfuse's ingestion lag (minutes
 * on Cloud) out of the comparison. See the README for the trade-offs.
 */
export const EXPORTER_DEFAULTS = Object.freeze({
  baseUrl: 'https://cloud.langfuse.com',
  host: '127.0.0.1',
  port: 9465,
  pollIntervalSeconds: 300,
  windowSeconds: 3600,
  queryDelaySeconds: 600,
  timeoutSeconds: 10,
  backoffBaseSeconds: 300,
  backoffMaxSeconds: 3600,
  maxModels: 50,
  maxTraceNames: 100,
  maxEnvironments: 20,
  driftThresholdPercent: 10,
});

/** Bounds every source of a value must respect (options throw, env warns). */
export const EXPORTER_LIMITS = Object.freeze({
  pollIntervalSeconds: { min: 30, max: 86_400 },
  windowSeconds: { min: 60, max: 31 * 86_400 },
  queryDelaySeconds: { min: 0, max: 86_400 },
  timeoutSeconds: { min: 0.001, max: 600 },
  backoffBaseSeconds: { min: 0.001, max: 86_400 },
  backoffMaxSeconds: { min: 0.001, max: 7 * 86_400 },
  maxLabelValues: { min: 1, max: 10_000 },
  driftThresholdPercent: { min: 0.1, max: 10_000 },
});

/** Thrown for an explicitly passed invalid option, or missing credentials. */
export class LangfuseExporterConfigError extends TypeError {
  override readonly name = 'LangfuseExporterConfigError';
}

function fail(option: string, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? JSON.stringify(got.slice(0, 64)) : String(got);
  throw new LangfuseExporterConfigError(
    `startLangfuseExporter: option "${option}" must be ${expected}, got ${shown}.`,
  );
}

function optString(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(option, 'a non-empty string', value);
  return value.trim();
}

function optBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(option, 'a boolean', value);
  return value;
}

function optNumber(option: string, value: unknown, limits: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < limits.min || value > limits.max) {
    fail(option, `a number from ${limits.min} to ${limits.max}`, value);
  }
  return value;
}

function optInteger(
  option: string,
  value: unknown,
  limits: { min: number; max: number },
): number | undefined {
  const number = optNumber(option, value, limits);
  if (number !== undefined && !Number.isInteger(number)) {
    fail(option, `an integer from ${limits.min} to ${limits.max}`, value);
  }
  return number;
}

function optUrl(option: string, value: unknown): string | undefined {
  const url = optString(option, value);
  if (url === undefined) return undefined;
  if (!isHttpUrl(url)) fail(option, 'an absolute http(s) URL', url);
  return url.replace(/\/+$/, '');
}

function optList(option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
    fail(option, 'an array of non-empty strings', value);
  }
  return (value as string[]).map((item) => item.trim());
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === 'http:' || protocol === 'https:';
}

function envUrl(read: EnvReader): string | undefined {
  const url = read.string('LANGFUSE_BASE_URL');
  if (url === undefined) return undefined;
  if (isHttpUrl(url)) return url.replace(/\/+$/, '');
  diag.warn(
    '@tradingagents/langfuse-exporter: ignoring LANGFUSE_BASE_URL: not an absolute http(s) URL; using the default.',
  );
  return undefined;
}

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
  const read = new EnvReader(env);
  const L = EXPORTER_LIMITS;
  const D = EXPORTER_DEFAULTS;

  const publicKey = optString('publicKey', options.publicKey) ?? read.string('LANGFUSE_PUBLIC_KEY');
  const secretKey = optString('secretKey', options.secretKey) ?? read.string('LANGFUSE_SECRET_KEY');
  if (publicKey === undefined || secretKey === undefined) {
    throw new LangfuseExporterConfigError(
      'startLangfuseExporter: Langfuse keys are missing: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY ' +
        '(or pass publicKey and secretKey).',
    );
  }

  const backoffBaseSeconds =
    optNumber('backoffBaseSeconds', options.backoffBaseSeconds, L.backoffBaseSeconds) ??
    read.duration('LANGFUSE_EXPORTER_BACKOFF_BASE', L.backoffBaseSeconds.min, L.backoffBaseSeconds.max) ??
    D.backoffBaseSeconds;
  const backoffMaxSeconds =
    optNumber('backoffMaxSeconds', options.backoffMaxSeconds, L.backoffMaxSeconds) ??
    read.duration('LANGFUSE_EXPORTER_BACKOFF_MAX', L.backoffMaxSeconds.min, L.backoffMaxSeconds.max) ??
    D.backoffMaxSeconds;

  const config: ResolvedExporterConfig = {
    publicKey,
    secretKey,
    baseUrl: optUrl('baseUrl', options.baseUrl) ?? envUrl(read) ?? D.baseUrl,
    host: optString('host', options.host) ?? read.string('LANGFUSE_EXPORTER_HOST') ?? D.host,
    port:
      optInteger('port', options.port, { min: 0, max: 65_535 }) ??
      read.integer('LANGFUSE_EXPORTER_PORT', 0, 65_535) ??
      D.port,
    pollIntervalSeconds:
      optNumber('pollIntervalSeconds', options.pollIntervalSeconds, L.pollIntervalSeconds) ??
      read.duration(
        'LANGFUSE_EXPORTER_POLL_INTERVAL',
        L.pollIntervalSeconds.min,
        L.pollIntervalSeconds.max,
      ) ??
      D.pollIntervalSeconds,
    windowSeconds:
      optInteger('windowSeconds', options.windowSeconds, L.windowSeconds) ??
      read.duration('LANGFUSE_EXPORTER_WINDOW', L.windowSeconds.min, L.windowSeconds.max) ??
      D.windowSeconds,
    queryDelaySeconds:
      optInteger('queryDelaySeconds', options.queryDelaySeconds, L.queryDelaySeconds) ??
      read.duration('LANGFUSE_EXPORTER_QUERY_DELAY', L.queryDelaySeconds.min, L.queryDelaySeconds.max) ??
      D.queryDelaySeconds,
    timeoutSeconds:
      optNumber('timeoutSeconds', options.timeoutSeconds, L.timeoutSeconds) ??
      read.duration('LANGFUSE_EXPORTER_TIMEOUT', L.timeoutSeconds.min, L.timeoutSeconds.max) ??
      D.timeoutSeconds,
    backoffBaseSeconds,
    // A cap below the base would make the backoff shrink; lift it to the base.
    backoffMaxSeconds: Math.max(backoffMaxSeconds, backoffBaseSeconds),
    environments: Object.freeze(
      optList('environments', options.environments) ?? read.list('LANGFUSE_EXPORTER_ENVIRONMENTS') ?? [],
    ),
    maxModels:
      optInteger('maxModels', options.maxModels, L.maxLabelValues) ??
      read.integer('LANGFUSE_EXPORTER_MAX_MODELS', L.maxLabelValues.min, L.maxLabelValues.max) ??
      D.maxModels,
    maxTraceNames:
      optInteger('maxTraceNames', options.maxTraceNames, L.maxLabelValues) ??
      read.integer('LANGFUSE_EXPORTER_MAX_TRACE_NAMES', L.maxLabelValues.min, L.maxLabelValues.max) ??
      D.maxTraceNames,
    maxEnvironments:
      optInteger('maxEnvironments', options.maxEnvironments, L.maxLabelValues) ??
      read.integer('LANGFUSE_EXPORTER_MAX_ENVIRONMENTS', L.maxLabelValues.min, L.maxLabelValues.max) ??
      D.maxEnvironments,
    driftThresholdPercent:
      optNumber('driftThresholdPercent', options.driftThresholdPercent, L.driftThresholdPercent) ??
      read.number(
        'LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT',
        L.driftThresholdPercent.min,
        L.driftThresholdPercent.max,
      ) ??
      D.driftThresholdPercent,
    serveMetrics: optBoolean('serveMetrics', options.serveMetrics) ?? true,
  };
  return Object.freeze(config);
}
