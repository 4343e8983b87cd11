import { type DiagLogger, diag } from '@opentelemetry/api';

const component = diag.createComponentLogger({ namespace: '@tradingagents/instrumentation' });

type Level = 'error' | 'warn' | 'info' | 'debug' | 'verbose';

/** The early-line buffer `@tradingagents/telemetry` keeps until a diag logger is registered. */
interface EarlyLog {
  active: boolean;
  readonly lines: { level: Level; message: string; args: unknown[] }[];
}

function diagRegistered(): boolean {
  const registry = (globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('opentelemetry.js.api.1')
  ];
  return registry?.diag !== undefined;
}

function write(level: Level, message: string, args: unknown[]): void {
  if (diagRegistered()) {
    component[level](message, ...args);
    return;
  }
  // Before any diag logger exists (telemetry registers one lazily), keep the line for it.
  const early = (globalThis as unknown as Record<symbol, EarlyLog | undefined>)[
    Symbol.for('@tradingagents/telemetry.early-diag')
  ];
  if (early?.active && early.lines.length < 200)
    early.lines.push({ level, message: `@tradingagents/instrumentation ${message}`, args });
}

/** The component logger of this package. */
export const log: DiagLogger = {
  error: (message, ...args) => write('error', message, args),
  warn: (message, ...args) => write('warn', message, args),
  info: (message, ...args) => write('info', message, args),
  debug: (message, ...args) => write('debug', message, args),
  verbose: (message, ...args) => write('verbose', message, args),
};

/**
 * Runs `fn` and returns its result, or `fallback` when it throws. Instrumentation code runs inside
 * the user's calls: an exception of ours must never reach them, so it is logged instead.
 */
export function safely<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    try {
      log.error(`${what} failed`, error);
    } catch {
      // Nothing more can be done without risking the app.
    }
    return fallback;
  }
}

/** Readers of untrusted values (never throwing), shared with the core. */
export {
  readNumber as num,
  readObject as obj,
  readString as str,
} from '@tradingagents/telemetry/instrumentation-api';
