/** The command line of `tradingagents-langfuse-exporter`: flags (mirroring env vars), parsing, help. */
import { parseArgs } from 'node:util';
import { DiagLogLevel } from '@opentelemetry/api';
import { EXPORTER_DEFAULTS } from './config.js';
import { parseDuration } from './duration.js';
import type { LangfuseExporterOptions } from './types.js';

export const NAME = 'tradingagents-langfuse-exporter';

type Kind = 'string' | 'integer' | 'number' | 'duration' | 'list';
interface Flag {
  readonly option: keyof LangfuseExporterOptions;
  readonly kind: Kind;
  readonly env: string;
  readonly help: string;
}

const D = EXPORTER_DEFAULTS;
/** Flag → option, in --help order. */
const FLAGS: Readonly<Record<string, Flag>> = {
  'public-key': {
    option: 'publicKey',
    kind: 'string',
    env: 'LANGFUSE_PUBLIC_KEY',
    help: 'Langfuse public key (required)',
  },
  'secret-key': {
    option: 'secretKey',
    kind: 'string',
    env: 'LANGFUSE_SECRET_KEY',
    help: 'Langfuse secret key (required; prefer the env var: flags show in `ps`)',
  },
  'base-url': {
    option: 'baseUrl',
    kind: 'string',
    env: 'LANGFUSE_BASE_URL',
    help: `Langfuse URL [${D.baseUrl}]`,
  },
  host: {
    option: 'host',
    kind: 'string',
    env: 'LANGFUSE_EXPORTER_HOST',
    help: `host to serve /metrics on [${D.host}]`,
  },
  port: {
    option: 'port',
    kind: 'integer',
    env: 'LANGFUSE_EXPORTER_PORT',
    help: `port to serve /metrics on [${D.port}]`,
  },
  'poll-interval': {
    option: 'pollIntervalSeconds',
    kind: 'duration',
    env: 'LANGFUSE_EXPORTER_POLL_INTERVAL',
    help: `time between polls, at least 30s [${D.pollIntervalSeconds}s]`,
  },
  window: {
    option: 'windowSeconds',
    kind: 'duration',
    env: 'LANGFUSE_EXPORTER_WINDOW',
    help: `rolling window the values cover [${D.windowSeconds}s]`,
  },
  'query-delay': {
    option: 'queryDelaySeconds',
    kind: 'duration',
    env: 'LANGFUSE_EXPORTER_QUERY_DELAY',
    help: `the window ends this long before each poll [${D.queryDelaySeconds}s]`,
  },
  timeout: {
    option: 'timeoutSeconds',
    kind: 'duration',
    env: 'LANGFUSE_EXPORTER_TIMEOUT',
    help: `timeout of one request [${D.timeoutSeconds}s]`,
  },
  'backoff-base': {
    option: 'backoffBaseSeconds',
    kind: 'duration',
    env: 'LANGFUSE_EXPORTER_BACKOFF_BASE',
    help: `base of the exponential backoff after HTTP 429 [${D.backoffBaseSeconds}s]`,
  },
  'backoff-max': {
    option: 'backoffMaxSeconds',
    kind: 'duration',
    env: 'LANGFUSE_EXPORTER_BACKOFF_MAX',
    help: `cap of that backoff (Retry-After still wins) [${D.backoffMaxSeconds}s]`,
  },
  environment: {
    option: 'environments',
    kind: 'list',
    env: 'LANGFUSE_EXPORTER_ENVIRONMENTS',
    help: 'only these Langfuse environments (repeat or comma-separate) [all]',
  },
  'max-models': {
    option: 'maxModels',
    kind: 'integer',
    env: 'LANGFUSE_EXPORTER_MAX_MODELS',
    help: `distinct model label values [${D.maxModels}]`,
  },
  'max-trace-names': {
    option: 'maxTraceNames',
    kind: 'integer',
    env: 'LANGFUSE_EXPORTER_MAX_TRACE_NAMES',
    help: `distinct trace_name label values [${D.maxTraceNames}]`,
  },
  'max-environments': {
    option: 'maxEnvironments',
    kind: 'integer',
    env: 'LANGFUSE_EXPORTER_MAX_ENVIRONMENTS',
    help: `distinct environment label values [${D.maxEnvironments}]`,
  },
  'drift-threshold': {
    option: 'driftThresholdPercent',
    kind: 'number',
    env: 'LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT',
    help: `cost drift in percent that fires LangfuseCostDrift [${D.driftThresholdPercent}]`,
  },
};

export const LOG_LEVELS: Readonly<Record<string, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** A bad command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export function helpText(): string {
  const rows = Object.entries(FLAGS).map(([flag, def]) => {
    const left = `  --${flag}${def.kind === 'list' ? ' <name>' : ' <value>'}`;
    return `${left.padEnd(30)}${def.help}\n${''.padEnd(30)}env ${def.env}`;
  });
  return [
    `Usage: ${NAME} [options]`,
    '',
    'Polls the Langfuse Metrics API (one grouped query per poll) and serves the cached values as',
    'Prometheus metrics on http://<host>:<port>/metrics. A scrape never calls Langfuse.',
    '',
    'Options (a flag wins over its environment variable; durations: 300, 300s, 5m, 1h, 1d):',
    ...rows,
    `  ${'--log-level <level>'.padEnd(28)}none, error, warn, info, debug, verbose [info]`,
    `${''.padEnd(30)}env OTEL_LOG_LEVEL`,
    `  ${'--help'.padEnd(28)}show this help`,
    `  ${'--version'.padEnd(28)}show the version`,
    '',
    'Stops cleanly on SIGTERM or SIGINT.',
    '',
  ].join('\n');
}

function convert(flag: string, def: Flag, raw: string | string[]): unknown {
  const value = Array.isArray(raw) ? raw : [raw];
  const last = value[value.length - 1] ?? '';
  switch (def.kind) {
    case 'list':
      return value
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'string':
      return last;
    case 'duration': {
      const seconds = parseDuration(last);
      if (seconds === undefined) {
        throw new UsageError(
          `--${flag} expects a duration such as 300, 30s, 5m or 1h, got ${JSON.stringify(last)}.`,
        );
      }
      return seconds;
    }
    default: {
      const number = Number(last);
      if (last.trim() === '' || !Number.isFinite(number)) {
        throw new UsageError(`--${flag} expects a number, got ${JSON.stringify(last)}.`);
      }
      return number;
    }
  }
}

/** Parses argv into options (or a help/version request); throws {@link UsageError} on a bad command line. */
export function parseCommandLine(
  argv: readonly string[],
): { action: 'help' | 'version' } | { action: 'run'; options: LangfuseExporterOptions; logLevel?: string } {
  const spec = Object.fromEntries(
    Object.entries(FLAGS).map(([flag, def]) => [
      flag,
      { type: 'string' as const, multiple: def.kind === 'list' },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...spec,
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help === true) return { action: 'help' };
  if (values.version === true) return { action: 'version' };
  const options: Record<string, unknown> = {};
  for (const [flag, def] of Object.entries(FLAGS)) {
    const raw = values[flag];
    if (raw === undefined || typeof raw === 'boolean') continue;
    options[def.option] = convert(flag, def, raw);
  }
  const logLevel = values['log-level'];
  if (typeof logLevel === 'string' && !(logLevel.toLowerCase() in LOG_LEVELS)) {
    throw new UsageError(
      `--log-level expects one of ${Object.keys(LOG_LEVELS).join(', ')}, got ${JSON.stringify(logLevel)}.`,
    );
  }
  return {
    action: 'run',
    options: options as LangfuseExporterOptions,
    ...(typeof logLevel === 'string' ? { logLevel } : {}),
  };
}

/** Rewrites `option "pollIntervalSeconds"` in a config error as the flag and variable a user types. */
export function forCommandLine(message: string): string {
  return message
    .replace(/^startLangfuseExporter: /, '')
    .replace(/option "(\w+)"/, (whole, option: string) => {
      const entry = Object.entries(FLAGS).find(([, def]) => def.option === option);
      return entry === undefined ? whole : `--${entry[0]} (${entry[1].env})`;
    });
}
