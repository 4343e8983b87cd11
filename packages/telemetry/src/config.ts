import type { Attributes } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DEFAULTS, TELEMETRY_OPTIONS, type TelemetryEnvKey } from './config/table.js';
import { EnvReader, type EnvSource } from './config-table/env-reader.js';
import { optionFailure, resolveRows } from './config-table/option-table.js';
import { log } from './diag-logger.js';
import type { OtlpProtocol } from './pipelines/otlp-protocol.js';
import { validateModelPrice } from './pricing/resolve.js';
import type { ModelPrice } from './pricing/types.js';
import type { ContentMask, TradingAgentsTelemetryOptions } from './types.js';

export { DEFAULTS };

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
  readonly autoInstrument: {
    readonly langchain: boolean;
    readonly openai: boolean;
    readonly googleGenAI: boolean;
    readonly anthropic: boolean;
    readonly openaiAgents: boolean;
    readonly aiSdk: boolean;
  };
  readonly instrumentations: readonly (Instrumentation | Instrumentation[])[];
  readonly spanProcessors: readonly SpanProcessor[];
  readonly otlp: boolean;
  readonly otlpProtocol: { readonly traces: OtlpProtocol; readonly metrics: OtlpProtocol };
  readonly handleSignals: boolean;
  readonly exportRetrySeconds: number;
  readonly spool: { readonly dir: string | undefined; readonly maxBytes: number };
  readonly resourceAttributes: Attributes;
}

/** Thrown for an explicitly passed invalid option. */
export class TelemetryConfigError extends TypeError {
  override readonly name = 'TelemetryConfigError';
}

const fail = optionFailure('registerTradingAgentsTelemetry', TelemetryConfigError);

/**
 * This package's env reader: a bad value is reported through `diag` and the default is used. Each
 * bad variable is reported once, though several rows may read it (`OTEL_EXPORTER_OTLP_PROTOCOL`).
 */
export function telemetryEnv(env: EnvSource): EnvReader<TelemetryEnvKey> {
  const reported = new Set<string>();
  return new EnvReader<TelemetryEnvKey>(env, (key, raw, expected) => {
    if (reported.has(key)) return;
    reported.add(key);
    log.warn(
      `@tradingagents/telemetry: ignoring ${key}=${JSON.stringify(raw.slice(0, 64))}: expected ${expected}; using the default.`,
    );
  });
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

function optionOfType<T>(option: string, value: unknown, type: string, expected: string): T | undefined {
  if (value === undefined) return undefined;
  const ok = type === 'array' ? Array.isArray(value) : value !== null && typeof value === type;
  if (!ok) fail(option, expected, value);
  return value as T;
}

/**
 * Whether spans go to Langfuse: the option, else `TRADINGAGENTS_LANGFUSE_ENABLED`, else whether keys
 * (or an exporter) are there. Asked for explicitly without keys: a config error; by env: a warning.
 */
function langfuseEnabled(
  options: TradingAgentsTelemetryOptions,
  read: EnvReader<TelemetryEnvKey>,
  hasCredentials: boolean,
): boolean {
  const explicit = options.langfuse?.enabled;
  if (explicit !== undefined && typeof explicit !== 'boolean')
    fail('langfuse.enabled', 'a boolean', explicit);
  if (explicit === true && !hasCredentials) {
    throw new TelemetryConfigError(
      'registerTradingAgentsTelemetry: option "langfuse.enabled" is true but no keys were found: ' +
        'pass langfuse.publicKey and langfuse.secretKey or set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY.',
    );
  }
  const wanted = explicit ?? read.boolean('TRADINGAGENTS_LANGFUSE_ENABLED') ?? hasCredentials;
  if (wanted && !hasCredentials) {
    log.warn(
      '@tradingagents/telemetry: TRADINGAGENTS_LANGFUSE_ENABLED is set but LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY are missing; Langfuse export is off.',
    );
    return false;
  }
  return wanted;
}

/**
 * Resolves options, then env, then defaults, into one frozen config: every row of
 * {@link TELEMETRY_OPTIONS} by the same rule, then the `custom` rows, which combine sources.
 * Throws {@link TelemetryConfigError} for an explicitly passed invalid option; an invalid env value
 * is reported through `diag.warn` and replaced by its default.
 */
export function resolveConfig(
  options: TradingAgentsTelemetryOptions = {},
  env: EnvSource = process.env,
): ResolvedConfig {
  if (options === null || typeof options !== 'object') fail('options', 'an object', options);
  const read = telemetryEnv(env);
  const resolved = resolveRows(TELEMETRY_OPTIONS, options, read, fail);
  const r = resolved as {
    langfuse: Record<string, unknown>;
    content: Record<string, unknown>;
    metrics: object;
    cardinality: object;
    autoInstrument: object;
    otlpProtocol: object;
    spool: object;
  };

  const exporter = options.langfuse?.exporter;
  if (exporter !== undefined && (typeof exporter !== 'object' || typeof exporter.export !== 'function')) {
    fail('langfuse.exporter', 'a SpanExporter', exporter);
  }
  const hasCredentials =
    (r.langfuse.publicKey !== undefined && r.langfuse.secretKey !== undefined) || exporter !== undefined;
  const otlpEnv = [
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  ].some((key) => read.string(key as TelemetryEnvKey) !== undefined);
  const otlp = options.otlp;
  if (otlp !== undefined && typeof otlp !== 'boolean') fail('otlp', 'a boolean', otlp);
  const instrumentations =
    optionOfType<Instrumentation[]>('instrumentations', options.instrumentations, 'array', 'an array') ?? [];
  const spanProcessors =
    optionOfType<SpanProcessor[]>('spanProcessors', options.spanProcessors, 'array', 'an array') ?? [];
  const resourceAttributes =
    optionOfType<Attributes>('resourceAttributes', options.resourceAttributes, 'object', 'an object') ?? {};

  return Object.freeze({
    ...(resolved as object),
    metrics: Object.freeze(r.metrics),
    langfuse: Object.freeze({
      ...r.langfuse,
      enabled: langfuseEnabled(options, read, hasCredentials),
      exporter,
    }),
    cardinality: Object.freeze(r.cardinality),
    content: Object.freeze({
      ...r.content,
      mask: optionOfType<ContentMask>('content.mask', options.content?.mask, 'function', 'a function'),
    }),
    prices: resolvePrices(options.prices),
    autoInstrument: Object.freeze(r.autoInstrument),
    instrumentations: Object.freeze([...instrumentations]),
    spanProcessors: Object.freeze([...spanProcessors]),
    otlp: otlp ?? otlpEnv,
    otlpProtocol: Object.freeze(r.otlpProtocol),
    spool: Object.freeze(r.spool),
    resourceAttributes: Object.freeze({ ...resourceAttributes }),
  }) as ResolvedConfig;
}
