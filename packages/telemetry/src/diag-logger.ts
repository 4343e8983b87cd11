import { DiagConsoleLogger, type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { isRegistered } from './otel-globals.js';

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

type Level = 'error' | 'warn' | 'info' | 'debug' | 'verbose';

interface EarlyLine {
  readonly level: Level;
  readonly message: string;
  readonly args: unknown[];
}

/**
 * Lines logged before any diag logger is registered, shared through `globalThis` with
 * `@tradingagents/instrumentation`, which logs into it too. Bounded.
 */
interface EarlyLog {
  active: boolean;
  readonly lines: EarlyLine[];
}

const EARLY_KEY = Symbol.for('@tradingagents/telemetry.early-diag');
const MAX_EARLY_LINES = 200;

function earlyLog(): EarlyLog {
  const slot = globalThis as unknown as Record<symbol, EarlyLog | undefined>;
  slot[EARLY_KEY] ??= { active: false, lines: [] };
  return slot[EARLY_KEY];
}

function replay(): void {
  const early = earlyLog();
  early.active = false;
  for (const line of early.lines.splice(0)) diag[line.level](line.message, ...line.args);
}

function write(level: Level, message: string, args: unknown[]): void {
  const early = earlyLog();
  if (isRegistered('diag')) {
    if (early.lines.length > 0) replay();
    diag[level](message, ...args);
  } else if (early.active && early.lines.length < MAX_EARLY_LINES) {
    early.lines.push({ level, message, args });
  }
}

/**
 * Our logger: `diag` once a diag logger is registered (the app's or ours); before that, lines are
 * kept (bounded) and replayed into `diag` when one is. We do not register a logger at start-up:
 * an app that starts its own SDK with `OTEL_LOG_LEVEL` set would then print an override warning
 * with a stack trace.
 */
export const log: DiagLogger = componentLog();

/**
 * A logger that writes like {@link log} (held until a diag logger exists, then `diag`), each line
 * prefixed with `component`: the instrumentations' logger, so that their start-up lines are kept
 * and replayed with ours.
 */
export function componentLog(component?: string): DiagLogger {
  const at =
    (level: Level) =>
    (message: string, ...args: unknown[]): void =>
      write(level, component === undefined ? message : `${component} ${message}`, args);
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('verbose'),
  };
}

/** Starts keeping lines logged before a diag logger is registered. */
export function holdEarlyDiag(): void {
  earlyLog().active = true;
}

let ours = false;

/**
 * Installs a console diag logger at `OTEL_LOG_LEVEL` (default `warn`) unless the app installed its
 * own (then its logger, at its level, receives our lines), and replays the lines kept so far.
 */
export function installDiagLogger(): void {
  if (!isRegistered('diag') || ours) {
    ours = true;
    const level = (process.env.OTEL_LOG_LEVEL ?? '').trim().toUpperCase();
    const logLevel =
      level in DiagLogLevel && Number.isInteger(DiagLogLevel[level as keyof typeof DiagLogLevel])
        ? DiagLogLevel[level as keyof typeof DiagLogLevel]
        : DiagLogLevel.WARN;
    diag.setLogger(new OneLineDiagLogger(), { logLevel, suppressOverrideMessage: true });
  }
  replay();
}
