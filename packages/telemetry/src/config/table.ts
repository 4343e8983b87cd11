/*
 * Why this file is longer than ~300 lines: it is one table, one row per option (path, env vars, kind,
 * bounds, default, doc), kept together so that every setting of the package reads in one place; the
 * resolver, the env keys and the README table are produced from it.
 */
import type { OptionRow } from '../config-table/option-table.js';
import { DEFAULT_OTLP_PROTOCOL, OTLP_PROTOCOLS } from '../pipelines/otlp-protocol.js';

/** Defaults that are not obvious from their row (`DEFAULTS` is public: tools read it). */
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
  spoolMaxBytes: 64 * 1024 * 1024,
});

/** Upper bound of every cardinality option. */
const MAX_BOUND = 100_000;

/** Every environment variable of this package, in one union (rows name them; the test checks the README). */
export type TelemetryEnvKey =
  | 'OTEL_SERVICE_NAME'
  | 'OTEL_SDK_DISABLED'
  | 'OTEL_LOG_LEVEL'
  | 'OTEL_EXPORTER_PROMETHEUS_HOST'
  | 'OTEL_EXPORTER_PROMETHEUS_PORT'
  | 'OTEL_EXPORTER_OTLP_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_PROTOCOL'
  | 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
  | 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'
  | 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'
  | 'LANGFUSE_PUBLIC_KEY'
  | 'LANGFUSE_SECRET_KEY'
  | 'LANGFUSE_BASE_URL'
  | 'LANGFUSE_TRACING_ENVIRONMENT'
  | 'LANGFUSE_RELEASE'
  | 'LANGFUSE_TIMEOUT'
  | 'LANGFUSE_FLUSH_AT'
  | 'LANGFUSE_FLUSH_INTERVAL'
  | 'TRADINGAGENTS_METRICS_ENABLED'
  | 'TRADINGAGENTS_METRICS_SERVER'
  | 'TRADINGAGENTS_LANGFUSE_ENABLED'
  | 'TRADINGAGENTS_CAPTURE_CONTENT'
  | 'TRADINGAGENTS_CONTENT_MAX_LENGTH'
  | 'TRADINGAGENTS_MAX_TICKERS'
  | 'TRADINGAGENTS_MAX_MODELS'
  | 'TRADINGAGENTS_MAX_AGENTS'
  | 'TRADINGAGENTS_MAX_TOOLS'
  | 'TRADINGAGENTS_INSTRUMENT_LANGCHAIN'
  | 'TRADINGAGENTS_INSTRUMENT_OPENAI'
  | 'TRADINGAGENTS_INSTRUMENT_GOOGLE_GENAI'
  | 'TRADINGAGENTS_INSTRUMENT_ANTHROPIC'
  | 'TRADINGAGENTS_INSTRUMENT_OPENAI_AGENTS'
  | 'TRADINGAGENTS_INSTRUMENT_AI_SDK'
  | 'TRADINGAGENTS_HANDLE_SIGNALS'
  | 'OTEL_RESOURCE_ATTRIBUTES'
  | 'TRADINGAGENTS_EXPORT_RETRY_SECONDS'
  | 'TRADINGAGENTS_SPOOL_DIR'
  | 'TRADINGAGENTS_SPOOL_MAX_BYTES';

type Row = OptionRow<TelemetryEnvKey>;

const cardinality = (option: string, env: TelemetryEnvKey, value: number, what: string): Row => ({
  option: `cardinality.${option}`,
  env: [env],
  kind: 'integer',
  min: 1,
  max: MAX_BOUND,
  default: value,
  doc: `Distinct ${what} label values; past it, new values fold into \`__other__\` (counted).`,
});

/** The OTLP transport of one signal: the signal's own env var first, then the general one (the spec's precedence). */
const otlpProtocol = (signal: 'traces' | 'metrics', env: TelemetryEnvKey): Row => ({
  option: `otlpProtocol.${signal}`,
  env: [env, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
  kind: 'enum',
  values: OTLP_PROTOCOLS,
  default: DEFAULT_OTLP_PROTOCOL,
  doc: `OTLP transport of ${signal} pushed to a Collector: \`grpc\` (port 4317), \`http/protobuf\` or \`http/json\` (4318). Not the Langfuse export.`,
});

/**
 * The options of `registerTradingAgentsTelemetry`, one row each: option path, env vars, kind,
 * bounds, default and what it does. `resolveConfig`, the env-key list and the README table come from
 * these rows. `custom` rows are resolved by hand in config.ts (they combine several sources).
 */
export const TELEMETRY_OPTIONS: readonly Row[] = Object.freeze([
  {
    option: 'serviceName',
    env: ['OTEL_SERVICE_NAME'],
    kind: 'string',
    default: DEFAULTS.serviceName,
    doc: '`service.name` of every span and metric.',
  },
  { option: 'serviceVersion', kind: 'string', doc: '`service.version`.' },
  {
    option: 'disabled',
    env: ['OTEL_SDK_DISABLED'],
    kind: 'boolean',
    default: false,
    doc: 'Turn everything off: no SDK, no port; the `track*` callbacks still run.',
  },
  {
    option: 'diagLogger',
    env: ['OTEL_LOG_LEVEL'],
    kind: 'custom',
    defaultDoc: '`true`: a one-line console diag logger at `OTEL_LOG_LEVEL` (default WARN)',
    doc: 'Install our diag logger when the app has none; `false` keeps yours.',
  },
  {
    option: 'metrics.enabled',
    env: ['TRADINGAGENTS_METRICS_ENABLED'],
    kind: 'boolean',
    default: true,
    doc: 'Serve metrics at all.',
  },
  {
    option: 'metrics.host',
    env: ['OTEL_EXPORTER_PROMETHEUS_HOST'],
    kind: 'string',
    default: DEFAULTS.metricsHost,
    doc: 'Address `/metrics` binds to (loopback: nothing exposed by accident).',
  },
  {
    option: 'metrics.port',
    env: ['OTEL_EXPORTER_PROMETHEUS_PORT'],
    kind: 'integer',
    min: 0,
    max: 65_535,
    default: DEFAULTS.metricsPort,
    doc: 'Port of `/metrics`; `0` picks a free port.',
  },
  {
    option: 'metrics.endpoint',
    kind: 'string',
    default: DEFAULTS.metricsEndpoint,
    check: (value: string) => (value.startsWith('/') ? undefined : 'a path starting with "/"'),
    doc: 'Path served.',
  },
  {
    option: 'metrics.server',
    env: ['TRADINGAGENTS_METRICS_SERVER'],
    kind: 'enum',
    values: ['listen', 'none'],
    default: 'listen',
    doc: '`none`: open no port, mount `handle.metricsHandler` yourself.',
  },
  {
    option: 'langfuse.enabled',
    env: ['TRADINGAGENTS_LANGFUSE_ENABLED'],
    kind: 'custom',
    defaultDoc: 'on when both keys are set; otherwise off with one warning',
    doc: 'Export spans to Langfuse.',
  },
  { option: 'langfuse.publicKey', env: ['LANGFUSE_PUBLIC_KEY'], kind: 'string', doc: 'Langfuse public key.' },
  { option: 'langfuse.secretKey', env: ['LANGFUSE_SECRET_KEY'], kind: 'string', doc: 'Langfuse secret key.' },
  {
    option: 'langfuse.baseUrl',
    env: ['LANGFUSE_BASE_URL'],
    kind: 'url',
    default: DEFAULTS.langfuseBaseUrl,
    doc: 'Langfuse URL (your region or self-hosted server).',
  },
  {
    option: 'langfuse.environment',
    env: ['LANGFUSE_TRACING_ENVIRONMENT'],
    kind: 'string',
    doc: 'Langfuse environment of the traces.',
  },
  {
    option: 'langfuse.release',
    env: ['LANGFUSE_RELEASE'],
    kind: 'string',
    doc: 'Langfuse release of the traces.',
  },
  {
    option: 'langfuse.exportMode',
    kind: 'enum',
    values: ['batched', 'immediate'],
    default: 'batched',
    doc: '`immediate` for short-lived processes.',
  },
  {
    option: 'langfuse.timeoutSeconds',
    env: ['LANGFUSE_TIMEOUT'],
    kind: 'number',
    min: 0.001,
    default: DEFAULTS.langfuseTimeoutSeconds,
    doc: 'Timeout of one export request, in seconds.',
  },
  {
    option: 'langfuse.flushAt',
    env: ['LANGFUSE_FLUSH_AT'],
    kind: 'integer',
    min: 1,
    max: 100_000,
    default: DEFAULTS.langfuseFlushAt,
    doc: 'Spans per export request.',
  },
  {
    option: 'langfuse.flushIntervalSeconds',
    env: ['LANGFUSE_FLUSH_INTERVAL'],
    kind: 'number',
    min: 0,
    default: DEFAULTS.langfuseFlushIntervalSeconds,
    doc: 'Seconds a span may wait for a fuller batch.',
  },
  {
    option: 'langfuse.maxQueueSize',
    kind: 'integer',
    min: 1,
    max: 10_000_000,
    default: DEFAULTS.langfuseMaxQueueSize,
    doc: 'Spans held during an outage; past it, dropped and counted.',
  },
  {
    option: 'exportRetrySeconds',
    env: ['TRADINGAGENTS_EXPORT_RETRY_SECONDS'],
    kind: 'number',
    min: 0,
    max: 86_400,
    default: 300,
    doc: 'How long an export outage (Langfuse or OTLP) is retried with backoff before the oldest spans are dropped; `0` never retries.',
  },
  {
    option: 'spool.dir',
    env: ['TRADINGAGENTS_SPOOL_DIR'],
    kind: 'string',
    defaultDoc: 'off',
    doc: 'Spool directory: spans still unsent when the process ends (endpoint down) are written here (owner-only) and sent by the next process started with it.',
  },
  {
    option: 'spool.maxBytes',
    env: ['TRADINGAGENTS_SPOOL_MAX_BYTES'],
    kind: 'integer',
    min: 1024,
    max: 1_099_511_627_776,
    default: DEFAULTS.spoolMaxBytes,
    doc: 'Bound of the spool files of each exporter together; past it, spans are not written (counted as `spool_full`).',
  },
  {
    option: 'langfuse.exporter',
    kind: 'custom',
    defaultDoc: 'OTLP/HTTP JSON to `<baseUrl>/api/public/otel/v1/traces`, Basic auth',
    doc: 'Replace the span exporter (a test seam or a custom transport); spans are still counted.',
  },
  cardinality('maxTickers', 'TRADINGAGENTS_MAX_TICKERS', DEFAULTS.maxTickers, '`ticker`'),
  cardinality('maxModels', 'TRADINGAGENTS_MAX_MODELS', DEFAULTS.maxModels, '`model`'),
  cardinality('maxAgents', 'TRADINGAGENTS_MAX_AGENTS', DEFAULTS.maxAgents, '`agent_name` (and `workflow`)'),
  cardinality('maxTools', 'TRADINGAGENTS_MAX_TOOLS', DEFAULTS.maxTools, '`tool`'),
  {
    option: 'content.capture',
    env: ['TRADINGAGENTS_CAPTURE_CONTENT', 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'],
    kind: 'boolean',
    default: false,
    doc: 'Capture prompts and completions on spans.',
  },
  {
    option: 'content.mask',
    kind: 'custom',
    doc: 'Applied to every captured string; if it throws, the content is replaced (fails closed).',
  },
  {
    option: 'content.maxLength',
    env: ['TRADINGAGENTS_CONTENT_MAX_LENGTH'],
    kind: 'integer',
    min: 1,
    max: 10_000_000,
    default: DEFAULTS.contentMaxLength,
    doc: 'Captured strings are truncated to this many characters.',
  },
  {
    option: 'prices',
    kind: 'custom',
    defaultDoc: 'the bundled table',
    doc: 'Prices (USD per 1M tokens) that override or extend the bundled table, by model.',
  },
  {
    option: 'autoInstrument.langchain',
    env: ['TRADINGAGENTS_INSTRUMENT_LANGCHAIN'],
    kind: 'boolean',
    default: true,
    doc: 'Instrument LangChain.js / LangGraph.js (needs `@tradingagents/instrumentation`).',
  },
  {
    option: 'autoInstrument.openai',
    env: ['TRADINGAGENTS_INSTRUMENT_OPENAI'],
    kind: 'boolean',
    default: true,
    doc: 'Instrument the OpenAI SDK (needs `@tradingagents/instrumentation`).',
  },
  {
    option: 'autoInstrument.googleGenAI',
    env: ['TRADINGAGENTS_INSTRUMENT_GOOGLE_GENAI'],
    kind: 'boolean',
    default: true,
    doc: "Instrument Google's GenAI SDK, `@google/genai` (needs `@tradingagents/instrumentation`).",
  },
  {
    option: 'autoInstrument.anthropic',
    env: ['TRADINGAGENTS_INSTRUMENT_ANTHROPIC'],
    kind: 'boolean',
    default: true,
    doc: 'Instrument the Anthropic SDK, `@anthropic-ai/sdk` (needs `@tradingagents/instrumentation`).',
  },
  {
    option: 'autoInstrument.openaiAgents',
    env: ['TRADINGAGENTS_INSTRUMENT_OPENAI_AGENTS'],
    kind: 'boolean',
    default: true,
    doc: 'Instrument the OpenAI Agents SDK, `@openai/agents` (needs `@tradingagents/instrumentation`).',
  },
  {
    option: 'autoInstrument.aiSdk',
    env: ['TRADINGAGENTS_INSTRUMENT_AI_SDK'],
    kind: 'boolean',
    default: true,
    doc: 'Instrument the Vercel AI SDK, `ai` 7 (needs `@tradingagents/instrumentation`).',
  },
  {
    option: 'instrumentations',
    kind: 'custom',
    defaultDoc: '`[]`',
    doc: 'Extra OpenTelemetry instrumentations.',
  },
  {
    option: 'spanProcessors',
    kind: 'custom',
    defaultDoc: '`[]`',
    doc: 'Extra span processors, run after ours.',
  },
  {
    option: 'otlp',
    env: [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
    ],
    kind: 'custom',
    defaultDoc: 'on when one of these is set',
    doc: 'Push traces and metrics over OTLP too.',
  },
  otlpProtocol('traces', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
  otlpProtocol('metrics', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'),
  {
    option: 'handleSignals',
    env: ['TRADINGAGENTS_HANDLE_SIGNALS'],
    kind: 'boolean',
    default: true,
    doc: 'Flush on SIGTERM/SIGINT, then let the process exit as it would have.',
  },
  {
    option: 'resourceAttributes',
    env: ['OTEL_RESOURCE_ATTRIBUTES'],
    kind: 'custom',
    defaultDoc: 'host and runtime; never `process.command_args`',
    doc: 'Extra resource attributes (merged with the env ones); keys that look secret are dropped.',
  },
] satisfies Row[]);
