import { diag } from '@opentelemetry/api';

const logger = diag.createComponentLogger({ namespace: '@tradingagents/instrumentation' });

/** The component logger of this package. */
export const log = logger;

/**
 * Runs `fn` and returns its result, or `fallback` when it throws. Instrumentation code runs inside
 * the user's calls: an exception of ours must never reach them, so it is logged instead.
 */
export function safely<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    try {
      logger.error(`${what} failed`, error);
    } catch {
      // Nothing more can be done without risking the app.
    }
    return fallback;
  }
}

/** Reads a string, or `undefined` for anything else (including the empty string). */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads a finite number, or `undefined`. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads a plain object, or `undefined`. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
