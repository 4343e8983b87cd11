#!/usr/bin/env node
/**
 * `tradingagents-langfuse-exporter`: the bridge as a long-running process. Flags mirror the
 * environment variables (a flag wins over its variable); exit codes: 0 clean stop, 1 could not
 * serve, 2 bad usage.
 */
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { forCommandLine, helpText, LOG_LEVELS, NAME, parseCommandLine } from './cli-args.js';
import { LangfuseExporterConfigError } from './config.js';
import { startLangfuseExporter } from './exporter.js';
import { VERSION } from './version.js';

function installLogger(level: string | undefined): void {
  const write =
    (name: string) =>
    (message: string, ...args: unknown[]) => {
      const extra = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
      process.stderr.write(
        `${new Date().toISOString()} ${name} ${message}${extra === '' ? '' : ` ${extra}`}\n`,
      );
    };
  diag.setLogger(
    {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      verbose: write('verbose'),
    },
    {
      logLevel: LOG_LEVELS[(level ?? 'info').toLowerCase()] ?? DiagLogLevel.INFO,
      suppressOverrideMessage: true,
    },
  );
}

async function main(argv: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseCommandLine>;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`${NAME}: ${(error as Error).message}\nRun \`${NAME} --help\` for the options.\n`);
    return 2;
  }
  if (command.action !== 'run') {
    process.stdout.write(command.action === 'help' ? helpText() : `${VERSION}\n`);
    return 0;
  }
  installLogger(command.logLevel ?? process.env.OTEL_LOG_LEVEL);
  let exporter: Awaited<ReturnType<typeof startLangfuseExporter>>;
  try {
    exporter = await startLangfuseExporter(command.options);
  } catch (error) {
    if (!(error instanceof LangfuseExporterConfigError)) throw error;
    process.stderr.write(
      `${NAME}: ${forCommandLine(error.message)}\nRun \`${NAME} --help\` for the options.\n`,
    );
    return 2;
  }
  if (exporter.server === undefined) {
    await exporter.shutdown();
    return 1;
  }
  // The library leaves its server unref'd; here it is what keeps the process alive.
  exporter.server.server.ref();
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      diag.info(`@tradingagents/langfuse-exporter: ${signal} received, shutting down.`);
      exporter.shutdown().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${NAME}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
