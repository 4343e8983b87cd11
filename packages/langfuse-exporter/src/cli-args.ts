/** The command line of `tradingagents-langfuse-exporter`: flags (mirroring env vars), parsing, help. */
import { parseArgs } from 'node:util';
import { DiagLogLevel } from '@opentelemetry/api';
import { type OptionRow, parseDuration } from '@tradingagents/telemetry/config';
import { EXPORTER_OPTIONS } from './options-table.js';
import type { LangfuseExporterOptions } from './types.js';

export const NAME = 'tradingagents-langfuse-exporter';

type Kind = 'string' | 'integer' | 'number' | 'duration' | 'list';
interface Flag {
  readonly option: keyof LangfuseExporterOptions;
  readonly kind: Kind;
  readonly env: string;
  readonly help: string;
}

/** The `--help` text of a row: what it does, then its default. */
function helpOf(row: OptionRow): string {
  if (row.defaultDoc === 'required') return `${row.doc} (required)`;
  if (row.defaultDoc !== undefined) return `${row.doc} [${row.defaultDoc.replace(/`/g, '')}]`;
  if (row.default === undefined) return row.doc;
  return `${row.doc} [${String(row.default)}${row.kind === 'duration' ? 's' : ''}]`;
}

/** Flag → option, in --help order: the rows of the config table that have a flag (`--log-level` aside). */
const FLAGS: Readonly<Record<string, Flag>> = Object.fromEntries(
  EXPORTER_OPTIONS.filter((row) => row.flag !== undefined && row.kind !== 'custom').map((row) => [
    row.flag,
    {
      option: row.option as keyof LangfuseExporterOptions,
      kind: row.kind === 'url' ? 'string' : (row.kind as Kind),
      env: row.env?.[0] ?? '',
      help: helpOf(row),
    },
  ]),
);

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
