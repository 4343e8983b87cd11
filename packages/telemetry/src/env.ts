import { log } from './diag-logger.js';

/** Every environment variable this package reads (the README's configuration table is checked against it). */
export const TELEMETRY_ENV_KEYS = [
  'OTEL_SERVICE_NAME',
  'OTEL_SDK_DISABLED',
  'OTEL_LOG_LEVEL',
  'OTEL_EXPORTER_PROMETHEUS_HOST',
  'OTEL_EXPORTER_PROMETHEUS_PORT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
  'LANGFUSE_PUBLIC_KEY',
  'LANGFUSE_SECRET_KEY',
  'LANGFUSE_BASE_URL',
  'LANGFUSE_TRACING_ENVIRONMENT',
  'LANGFUSE_RELEASE',
  'LANGFUSE_TIMEOUT',
  'LANGFUSE_FLUSH_AT',
  'LANGFUSE_FLUSH_INTERVAL',
  'TRADINGAGENTS_METRICS_ENABLED',
  'TRADINGAGENTS_METRICS_SERVER',
  'TRADINGAGENTS_LANGFUSE_ENABLED',
  'TRADINGAGENTS_CAPTURE_CONTENT',
  'TRADINGAGENTS_CONTENT_MAX_LENGTH',
  'TRADINGAGENTS_MAX_TICKERS',
  'TRADINGAGENTS_MAX_MODELS',
  'TRADINGAGENTS_MAX_AGENTS',
  'TRADINGAGENTS_MAX_TOOLS',
  'TRADINGAGENTS_INSTRUMENT_LANGCHAIN',
  'TRADINGAGENTS_INSTRUMENT_OPENAI',
  'TRADINGAGENTS_HANDLE_SIGNALS',
] as const;

export type TelemetryEnvKey = (typeof TELEMETRY_ENV_KEYS)[number];

export type EnvSource = Readonly<Partial<Record<string, string | undefined>>>;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Reads env values, treating empty strings as unset, and warns once per bad value. */
export class EnvReader {
  constructor(private readonly env: EnvSource) {}

  string(key: TelemetryEnvKey): string | undefined {
    const raw = this.env[key]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  }

  boolean(key: TelemetryEnvKey): boolean | undefined {
    const raw = this.string(key)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (TRUE_WORDS.has(raw)) return true;
    if (FALSE_WORDS.has(raw)) return false;
    this.warn(key, raw, 'true or false');
    return undefined;
  }

  integer(key: TelemetryEnvKey, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.warn(key, raw, `an integer from ${min} to ${max}`);
    return undefined;
  }

  number(key: TelemetryEnvKey, min: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min) return value;
    this.warn(key, raw, `a number >= ${min}`);
    return undefined;
  }

  oneOf<T extends string>(key: TelemetryEnvKey, values: readonly T[]): T | undefined {
    const raw = this.string(key)?.toLowerCase();
    if (raw === undefined) return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    this.warn(key, raw, values.join(' or '));
    return undefined;
  }

  private warn(key: TelemetryEnvKey, raw: string, expected: string): void {
    log.warn(
      `@tradingagents/telemetry: ignoring ${key}=${JSON.stringify(raw.slice(0, 64))}: expected ${expected}; using the default.`,
    );
  }
}
