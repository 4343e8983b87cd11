import { DiagConsoleLogger, type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/** An error as one line (`Name: message`), never a stack trace: our log lines stay one line each. */
function oneLine(arg: unknown): unknown {
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  return arg;
}

/** The console logger, with every `Error` argument printed as one line. */
class OneLineDiagLogger implements DiagLogger {
  private readonly console = new DiagConsoleLogger();
  error = (message: string, ...args: unknown[]) => this.console.error(message, ...args.map(oneLine));
  warn = (message: string, ...args: unknown[]) => this.console.warn(message, ...args.map(oneLine));
  info = (message: string, ...args: unknown[]) => this.console.info(message, ...args.map(oneLine));
  debug = (message: string, ...args: unknown[]) => this.console.debug(message, ...args.map(oneLine));
  verbose = (message: string, ...args: unknown[]) => this.console.verbose(message, ...args.map(oneLine));
}

function diagRegistered(): boolean {
  const registry = (globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('opentelemetry.js.api.1')
  ];
  return registry?.diag !== undefined;
}

/**
 * Installs a console diag logger at `OTEL_LOG_LEVEL` (default `warn`), unless the app installed
 * its own: then its logger, at its level, receives our lines too.
 */
let ours = false;

export function installDiagLogger(): void {
  if (diagRegistered() && !ours) return;
  ours = true;
  const level = (process.env.OTEL_LOG_LEVEL ?? '').trim().toUpperCase();
  const logLevel =
    level in DiagLogLevel && Number.isInteger(DiagLogLevel[level as keyof typeof DiagLogLevel])
      ? DiagLogLevel[level as keyof typeof DiagLogLevel]
      : DiagLogLevel.WARN;
  diag.setLogger(new OneLineDiagLogger(), { logLevel, suppressOverrideMessage: true });
}
