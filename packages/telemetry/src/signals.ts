import { log } from './diag-logger.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const FLUSH_TIMEOUT_MS = 5000;

/**
 * On SIGTERM/SIGINT, flushes telemetry, then lets the process end as it would have: when our
 * handler was the only one (so Node's default would have been to exit), the signal is re-raised
 * after the flush; when the app has handlers of its own, it stays in charge of exiting.
 * `afterFlush` runs when the flush has ended or timed out (it writes what is unsent to the spool).
 * Returns a function that removes the handlers.
 */
export function installSignalHandlers(
  flush: () => Promise<void>,
  afterFlush: () => void = () => {},
): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const signal of SIGNALS) {
    const handler = () => {
      const othersListening = process.listenerCount(signal) > 1;
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref());
      Promise.race([flush(), timeout])
        .catch((error: unknown) => log.error('@tradingagents/telemetry: flush on signal failed', error))
        .finally(() => {
          try {
            afterFlush();
          } catch (error) {
            log.error('@tradingagents/telemetry: after-flush on signal failed', error);
          }
          process.removeListener(signal, handler);
          if (!othersListening && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
