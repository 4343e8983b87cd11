import { diag } from '@opentelemetry/api';
import { parseDuration } from './duration.js';

/** Every environment variable the exporter reads (the README's configuration table is checked against it). */
export const EXPORTER_ENV_KEYS = [
  'LANGFUSE_PUBLIC_KEY',
  'LANGFUSE_SECRET_KEY',
  'LANGFUSE_BASE_URL',
  'LANGFUSE_EXPORTER_HOST',
  'LANGFUSE_EXPORTER_PORT',
  'LANGFUSE_EXPORTER_POLL_INTERVAL',
  'LANGFUSE_EXPORTER_WINDOW',
  'LANGFUSE_EXPORTER_QUERY_DELAY',
  'LANGFUSE_EXPORTER_TIMEOUT',
  'LANGFUSE_EXPORTER_BACKOFF_BASE',
  'LANGFUSE_EXPORTER_BACKOFF_MAX',
  'LANGFUSE_EXPORTER_ENVIRONMENTS',
  'LANGFUSE_EXPORTER_MAX_MODELS',
  'LANGFUSE_EXPORTER_MAX_TRACE_NAMES',
  'LANGFUSE_EXPORTER_MAX_ENVIRONMENTS',
  'LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT',
  'OTEL_LOG_LEVEL',
] as const;

export type ExporterEnvKey = (typeof EXPORTER_ENV_KEYS)[number];

export type EnvSource = Readonly<Partial<Record<string, string | undefined>>>;

/** Reads env values, treating empty strings as unset; a bad value warns through diag and reads as unset. */
export class EnvReader {
  constructor(private readonly env: EnvSource) {}

  string(key: ExporterEnvKey): string | undefined {
    const raw = this.env[key]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  }

  list(key: ExporterEnvKey): string[] | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  integer(key: ExporterEnvKey, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.warn(key, raw, `an integer from ${min} to ${max}`);
    return undefined;
  }

  number(key: ExporterEnvKey, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min && value <= max) return value;
    this.warn(key, raw, `a number from ${min} to ${max}`);
    return undefined;
  }

  /** A duration in seconds, written `300`, `300s`, `5m`, `1h` or `1d`. */
  duration(key: ExporterEnvKey, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = parseDuration(raw);
    if (value !== undefined && value >= min && value <= max) return value;
    this.warn(key, raw, `a duration from ${min}s to ${max}s (e.g. 300, 5m, 1h)`);
    return undefined;
  }

  private warn(key: ExporterEnvKey, raw: string, expected: string): void {
    diag.warn(
      `@tradingagents/langfuse-exporter: ignoring ${key}=${JSON.stringify(raw.slice(0, 64))}: expected ${expected}; using the default.`,
    );
  }
}
