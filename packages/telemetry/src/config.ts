import type { Attributes } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { log } from './diag-logger.js';
import { EnvReader, type EnvSource } from './env.js';
import { validateModelPrice } from './pricing/resolve.js';
import type { ModelPrice } from './pricing/types.js';
import type { ContentMask, TradingAgentsTelemetryOptions } from './types.js';

/** The fully resolved, frozen configuration. */
export interface ResolvedConfig {
  readonly serviceName: string;
  readonly serviceVersion: string | undefined;
  readonly disabled: boolean;
  readonly metrics: {
    readonly enabled: boolean;
    readonly host: string;
    readonly port: number;
    readonly endpoint: string;
    readonly server: 'listen' | 'none';
  };
  readonly langfuse: {
    readonly enabled: boolean;
    readonly publicKey: string | undefined;
    readonly secretKey: string | undefined;
    readonly baseUrl: string;
    readonly environment: string | undefined;
    readonly release: string | undefined;
    readonly exportMode: 'batched' | 'immediate';
    readonly timeoutSeconds: number;
    readonly flushAt: number;
    readonly flushIntervalSeconds: number;
    readonly maxQueueSize: number;
    readonly exporter: SpanExporter | undefined;
  };
  readonly cardinality: {
    readonly maxTickers: number;
    readonly maxModels: number;
    readonly maxAgents: number;
    readonly maxTools: number;
  };
  readonly content: {
    readonly capture: boolean;
    readonly mask: ContentMask | undefined;
    readonly maxLength: number;
  };
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly autoInstrument: { readonly langchain: boolean; readonly openai: boolean };
  readonly instrumentations: readonly (Instrumentation | Instrumentation[])[];
  readonly spanProcessors: readonly SpanProcessor[];
  readonly otlp: boolean;
  readonly handleSignals: boolean;
  readonly resourceAttributes: Attributes;
}

export const DEFAULTS = Object.freeze({
  serviceName: 'tradingagents',
  metricsHost: '127.0.0.1',
  metricsPort: 9464,
  metricsEndpoint: '/metrics',
  langfuseBaseUrl: 'https://cloud.langfuse.com',
  langfuseTimeoutSeconds: 5,
  langfuseFlushAt: 512,
  langfuseFlushIntervalSeconds: 5,
  langfuseMaxQueueSize: 2048,
  maxTickers: 250,
  maxModels: 50,
  maxAgents: 100,
  maxTools: 100,
  contentMaxLength: 8192,
});

const MAX_BOUND = 100_000;

/** Thrown for an explicitly passed invalid option. */
export class TelemetryConfigError extends TypeError {
  override readonly name = 'TelemetryConfigError';
}

function fail(option: string, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? JSON.stringify(got.slice(0, 64)) : String(got);
  throw new TelemetryConfigError(
    `registerTradingAgentsTelemetry: option "${option}" must be ${expected}, got ${shown}.`,
  );
}

function optBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(option, 'a boolean', value);
  return value;
}

function optInteger(option: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(option, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

function optNumber(option: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    fail(option, `a number >= ${min}`, value);
  return value;
}

function optString(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(option, 'a non-empty string', value);
  return value;
}

function optOneOf<T extends string>(option: string, value: unknown, values: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    fail(option, values.map((v) => `"${v}"`).join(' or '), value);
  }
  return value as T;
}

function optFunction<T>(option: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') fail(option, 'a function', value);
  return value as T;
}

function optUrl(option: string, value: unknown): string | undefined {
  const url = optString(option, value);
  if (url === undefined) return undefined;
  if (!URL.canParse(url)) fail(option, 'an absolute URL', url);
  return url.replace(/\/+$/, '');
}

function resolvePrices(value: unknown): Readonly<Record<string, ModelPrice>> {
  if (value === undefined) return Object.freeze({});
  if (value === null || typeof value !== 'object') fail('prices', 'an object of model prices', value);
  const prices: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(value as Record<string, ModelPrice>)) {
    const problem =
      price === null || typeof price !== 'object' ? 'must be an object' : validateModelPrice(model, price);
    if (problem !== undefined) {
      throw new TelemetryConfigError(`registerTradingAgentsTelemetry: option "prices.${model}": ${problem}`);
    }
    prices[model] = Object.freeze({ ...price });
  }
  return Object.freeze(prices);
}

/**
 * Resolves options, then env, then defaults, into one frozen config.
 * Throws {@link TelemetryConfigError} for an explicitly passed invalid option; an invalid env value
 * is reported through `diag.warn` and replaced by its default.
 */
export function resolveConfig(
  options: TradingAgentsTelemetryOptions = {},
  env: EnvSource = process.env,
): ResolvedConfig {
  if (options === null || typeof options !== 'object') fail('options', 'an object', options);
  const read = new EnvReader(env);
  const m = options.metrics ?? {};
  const l = options.langfuse ?? {};
  const c = options.cardinality ?? {};
  const ct = options.content ?? {};
  const ai = options.autoInstrument ?? {};

  const publicKey = optString('langfuse.publicKey', l.publicKey) ?? read.string('LANGFUSE_PUBLIC_KEY');
  const secretKey = optString('langfuse.secretKey', l.secretKey) ?? read.string('LANGFUSE_SECRET_KEY');
  const exporter = l.exporter;
  if (exporter !== undefined && (typeof exporter !== 'object' || typeof exporter.export !== 'function')) {
    fail('langfuse.exporter', 'a SpanExporter', exporter);
  }
  const hasCredentials = (publicKey !== undefined && secretKey !== undefined) || exporter !== undefined;
  const explicitLangfuse = optBoolean('langfuse.enabled', l.enabled);
  if (explicitLangfuse === true && !hasCredentials) {
    throw new TelemetryConfigError(
      'registerTradingAgentsTelemetry: option "langfuse.enabled" is true but no keys were found: ' +
        'pass langfuse.publicKey and langfuse.secretKey or set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY.',
    );
  }
  const wantLangfuse = explicitLangfuse ?? read.boolean('TRADINGAGENTS_LANGFUSE_ENABLED');
  let langfuseEnabled = wantLangfuse ?? hasCredentials;
  if (langfuseEnabled && !hasCredentials) {
    langfuseEnabled = false;
    log.warn(
      '@tradingagents/telemetry: TRADINGAGENTS_LANGFUSE_ENABLED is set but LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY are missing; Langfuse export is off.',
    );
  }

  const captureEnv =
    read.boolean('TRADINGAGENTS_CAPTURE_CONTENT') ??
    read.boolean('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT');

  const otlpEnv =
    read.string('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined ||
    read.string('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') !== undefined;

  const instrumentations = options.instrumentations ?? [];
  if (!Array.isArray(instrumentations)) fail('instrumentations', 'an array', instrumentations);
  const spanProcessors = options.spanProcessors ?? [];
  if (!Array.isArray(spanProcessors)) fail('spanProcessors', 'an array', spanProcessors);
  const resourceAttributes = options.resourceAttributes ?? {};
  if (resourceAttributes === null || typeof resourceAttributes !== 'object') {
    fail('resourceAttributes', 'an object', resourceAttributes);
  }

  const config: ResolvedConfig = {
    serviceName:
      optString('serviceName', options.serviceName) ??
      read.string('OTEL_SERVICE_NAME') ??
      DEFAULTS.serviceName,
    serviceVersion: optString('serviceVersion', options.serviceVersion),
    disabled: optBoolean('disabled', options.disabled) ?? read.boolean('OTEL_SDK_DISABLED') ?? false,
    metrics: Object.freeze({
      enabled:
        optBoolean('metrics.enabled', m.enabled) ?? read.boolean('TRADINGAGENTS_METRICS_ENABLED') ?? true,
      host:
        optString('metrics.host', m.host) ??
        read.string('OTEL_EXPORTER_PROMETHEUS_HOST') ??
        DEFAULTS.metricsHost,
      port:
        optInteger('metrics.port', m.port, 0, 65535) ??
        read.integer('OTEL_EXPORTER_PROMETHEUS_PORT', 0, 65535) ??
        DEFAULTS.metricsPort,
      endpoint: resolveEndpoint(m.endpoint),
      server:
        optOneOf('metrics.server', m.server, ['listen', 'none'] as const) ??
        read.oneOf('TRADINGAGENTS_METRICS_SERVER', ['listen', 'none'] as const) ??
        'listen',
    }),
    langfuse: Object.freeze({
      enabled: langfuseEnabled,
      publicKey,
      secretKey,
      baseUrl: optUrl('langfuse.baseUrl', l.baseUrl) ?? envUrl(read) ?? DEFAULTS.langfuseBaseUrl,
      environment:
        optString('langfuse.environment', l.environment) ?? read.string('LANGFUSE_TRACING_ENVIRONMENT'),
      release: optString('langfuse.release', l.release) ?? read.string('LANGFUSE_RELEASE'),
      exportMode:
        optOneOf('langfuse.exportMode', l.exportMode, ['batched', 'immediate'] as const) ?? 'batched',
      timeoutSeconds:
        optNumber('langfuse.timeoutSeconds', l.timeoutSeconds, 0.001) ??
        read.number('LANGFUSE_TIMEOUT', 0.001) ??
        DEFAULTS.langfuseTimeoutSeconds,
      flushAt:
        optInteger('langfuse.flushAt', l.flushAt, 1, 100_000) ??
        read.integer('LANGFUSE_FLUSH_AT', 1, 100_000) ??
        DEFAULTS.langfuseFlushAt,
      flushIntervalSeconds:
        optNumber('langfuse.flushIntervalSeconds', l.flushIntervalSeconds, 0) ??
        read.number('LANGFUSE_FLUSH_INTERVAL', 0) ??
        DEFAULTS.langfuseFlushIntervalSeconds,
      maxQueueSize:
        optInteger('langfuse.maxQueueSize', l.maxQueueSize, 1, 10_000_000) ?? DEFAULTS.langfuseMaxQueueSize,
      exporter,
    }),
    cardinality: Object.freeze({
      maxTickers:
        optInteger('cardinality.maxTickers', c.maxTickers, 1, MAX_BOUND) ??
        read.integer('TRADINGAGENTS_MAX_TICKERS', 1, MAX_BOUND) ??
        DEFAULTS.maxTickers,
      maxModels:
        optInteger('cardinality.maxModels', c.maxModels, 1, MAX_BOUND) ??
        read.integer('TRADINGAGENTS_MAX_MODELS', 1, MAX_BOUND) ??
        DEFAULTS.maxModels,
      maxAgents:
        optInteger('cardinality.maxAgents', c.maxAgents, 1, MAX_BOUND) ??
        read.integer('TRADINGAGENTS_MAX_AGENTS', 1, MAX_BOUND) ??
        DEFAULTS.maxAgents,
      maxTools:
        optInteger('cardinality.maxTools', c.maxTools, 1, MAX_BOUND) ??
        read.integer('TRADINGAGENTS_MAX_TOOLS', 1, MAX_BOUND) ??
        DEFAULTS.maxTools,
    }),
    content: Object.freeze({
      capture: optBoolean('content.capture', ct.capture) ?? captureEnv ?? false,
      mask: optFunction<ContentMask>('content.mask', ct.mask),
      maxLength:
        optInteger('content.maxLength', ct.maxLength, 1, 10_000_000) ??
        read.integer('TRADINGAGENTS_CONTENT_MAX_LENGTH', 1, 10_000_000) ??
        DEFAULTS.contentMaxLength,
    }),
    prices: resolvePrices(options.prices),
    autoInstrument: Object.freeze({
      langchain:
        optBoolean('autoInstrument.langchain', ai.langchain) ??
        read.boolean('TRADINGAGENTS_INSTRUMENT_LANGCHAIN') ??
        true,
      openai:
        optBoolean('autoInstrument.openai', ai.openai) ??
        read.boolean('TRADINGAGENTS_INSTRUMENT_OPENAI') ??
        true,
    }),
    instrumentations: Object.freeze([...instrumentations]),
    spanProcessors: Object.freeze([...spanProcessors]),
    otlp: optBoolean('otlp', options.otlp) ?? otlpEnv,
    handleSignals:
      optBoolean('handleSignals', options.handleSignals) ??
      read.boolean('TRADINGAGENTS_HANDLE_SIGNALS') ??
      true,
    resourceAttributes: Object.freeze({ ...resourceAttributes }),
  };
  return Object.freeze(config);
}

function resolveEndpoint(value: unknown): string {
  const endpoint = optString('metrics.endpoint', value) ?? DEFAULTS.metricsEndpoint;
  if (!endpoint.startsWith('/')) fail('metrics.endpoint', 'a path starting with "/"', endpoint);
  return endpoint;
}

function envUrl(read: EnvReader): string | undefined {
  const url = read.string('LANGFUSE_BASE_URL');
  if (url === undefined) return undefined;
  if (URL.canParse(url)) return url.replace(/\/+$/, '');
  log.warn('@tradingagents/telemetry: ignoring LANGFUSE_BASE_URL: not an absolute URL; using the default.');
  return undefined;
}
