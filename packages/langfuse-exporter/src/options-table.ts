import type { OptionRow } from '@tradingagents/telemetry/config';

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

/** Every environment variable the exporter reads, in one union. */
export type ExporterEnvKey =
  | 'LANGFUSE_PUBLIC_KEY'
  | 'LANGFUSE_SECRET_KEY'
  | 'LANGFUSE_BASE_URL'
  | 'LANGFUSE_EXPORTER_HOST'
  | 'LANGFUSE_EXPORTER_PORT'
  | 'LANGFUSE_EXPORTER_POLL_INTERVAL'
  | 'LANGFUSE_EXPORTER_WINDOW'
  | 'LANGFUSE_EXPORTER_QUERY_DELAY'
  | 'LANGFUSE_EXPORTER_TIMEOUT'
  | 'LANGFUSE_EXPORTER_BACKOFF_BASE'
  | 'LANGFUSE_EXPORTER_BACKOFF_MAX'
  | 'LANGFUSE_EXPORTER_ENVIRONMENTS'
  | 'LANGFUSE_EXPORTER_MAX_MODELS'
  | 'LANGFUSE_EXPORTER_MAX_TRACE_NAMES'
  | 'LANGFUSE_EXPORTER_MAX_ENVIRONMENTS'
  | 'LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT'
  | 'OTEL_LOG_LEVEL';

type Row = OptionRow<ExporterEnvKey>;

const D = EXPORTER_DEFAULTS;
const LABEL_VALUES = { kind: 'integer', min: 1, max: 10_000 } as const;

/**
 * The options of `startLangfuseExporter`, one row each: option, flag, env var, kind, bounds,
 * default and what it does (the `--help` line). The resolver, the env keys, the CLI flags and the
 * README table come from these rows.
 */
export const EXPORTER_OPTIONS: readonly Row[] = Object.freeze([
  {
    option: 'publicKey',
    flag: 'public-key',
    env: ['LANGFUSE_PUBLIC_KEY'],
    kind: 'string',
    defaultDoc: 'required',
    doc: 'Langfuse public key',
  },
  {
    option: 'secretKey',
    flag: 'secret-key',
    env: ['LANGFUSE_SECRET_KEY'],
    kind: 'string',
    defaultDoc: 'required',
    doc: 'Langfuse secret key (prefer the env var: flags show in `ps`)',
  },
  {
    option: 'baseUrl',
    flag: 'base-url',
    env: ['LANGFUSE_BASE_URL'],
    kind: 'url',
    default: D.baseUrl,
    doc: 'Langfuse URL',
  },
  {
    option: 'host',
    flag: 'host',
    env: ['LANGFUSE_EXPORTER_HOST'],
    kind: 'string',
    default: D.host,
    doc: 'host to serve /metrics on',
  },
  {
    option: 'port',
    flag: 'port',
    env: ['LANGFUSE_EXPORTER_PORT'],
    kind: 'integer',
    min: 0,
    max: 65_535,
    default: D.port,
    doc: 'port to serve /metrics on (0 = any free port)',
  },
  {
    option: 'pollIntervalSeconds',
    flag: 'poll-interval',
    env: ['LANGFUSE_EXPORTER_POLL_INTERVAL'],
    kind: 'duration',
    min: 30,
    max: 86_400,
    default: D.pollIntervalSeconds,
    doc: 'time between polls, at least 30s',
  },
  {
    option: 'windowSeconds',
    flag: 'window',
    env: ['LANGFUSE_EXPORTER_WINDOW'],
    kind: 'duration',
    min: 60,
    max: 31 * 86_400,
    default: D.windowSeconds,
    check: (value: number) => (Number.isInteger(value) ? undefined : 'a whole number of seconds'),
    doc: 'rolling window the values cover',
  },
  {
    option: 'queryDelaySeconds',
    flag: 'query-delay',
    env: ['LANGFUSE_EXPORTER_QUERY_DELAY'],
    kind: 'duration',
    min: 0,
    max: 86_400,
    default: D.queryDelaySeconds,
    check: (value: number) => (Number.isInteger(value) ? undefined : 'a whole number of seconds'),
    doc: 'the window ends this long before each poll',
  },
  {
    option: 'timeoutSeconds',
    flag: 'timeout',
    env: ['LANGFUSE_EXPORTER_TIMEOUT'],
    kind: 'duration',
    min: 0.001,
    max: 600,
    default: D.timeoutSeconds,
    doc: 'timeout of one request (covers headers and body)',
  },
  {
    option: 'backoffBaseSeconds',
    flag: 'backoff-base',
    env: ['LANGFUSE_EXPORTER_BACKOFF_BASE'],
    kind: 'duration',
    min: 0.001,
    max: 86_400,
    default: D.backoffBaseSeconds,
    doc: 'base of the exponential backoff after HTTP 429: the k-th 429 in a row waits base × 2^k',
  },
  {
    option: 'backoffMaxSeconds',
    flag: 'backoff-max',
    env: ['LANGFUSE_EXPORTER_BACKOFF_MAX'],
    kind: 'duration',
    min: 0.001,
    max: 7 * 86_400,
    default: D.backoffMaxSeconds,
    doc: 'cap of that backoff (a longer Retry-After still wins)',
  },
  {
    option: 'environments',
    flag: 'environment',
    env: ['LANGFUSE_EXPORTER_ENVIRONMENTS'],
    kind: 'list',
    default: [],
    defaultDoc: 'all',
    doc: 'only these Langfuse environments (repeat or comma-separate)',
  },
  {
    option: 'maxModels',
    flag: 'max-models',
    env: ['LANGFUSE_EXPORTER_MAX_MODELS'],
    ...LABEL_VALUES,
    default: D.maxModels,
    doc: 'distinct model label values',
  },
  {
    option: 'maxTraceNames',
    flag: 'max-trace-names',
    env: ['LANGFUSE_EXPORTER_MAX_TRACE_NAMES'],
    ...LABEL_VALUES,
    default: D.maxTraceNames,
    doc: 'distinct trace_name label values',
  },
  {
    option: 'maxEnvironments',
    flag: 'max-environments',
    env: ['LANGFUSE_EXPORTER_MAX_ENVIRONMENTS'],
    ...LABEL_VALUES,
    default: D.maxEnvironments,
    doc: 'distinct environment label values',
  },
  {
    option: 'driftThresholdPercent',
    flag: 'drift-threshold',
    env: ['LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT'],
    kind: 'number',
    min: 0.1,
    max: 10_000,
    default: D.driftThresholdPercent,
    doc: 'cost drift in percent that fires LangfuseCostDrift',
  },
  {
    option: 'serveMetrics',
    kind: 'boolean',
    default: true,
    doc: 'serve /metrics (off: read the cached values through the handle)',
  },
  {
    option: 'logLevel',
    flag: 'log-level',
    env: ['OTEL_LOG_LEVEL'],
    kind: 'custom',
    defaultDoc: '`info`',
    doc: 'none, error, warn, info, debug, verbose (command line only)',
  },
] satisfies Row[]);
