import type { DiagLogger } from '@opentelemetry/api';
import { componentLog } from '@tradingagents/telemetry/instrumentation-api';

/**
 * The component logger of this package: through the core's logger, so that lines written before a
 * diag logger exists are kept and replayed with the core's.
 */
export const log: DiagLogger = componentLog('@tradingagents/instrumentation');

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
