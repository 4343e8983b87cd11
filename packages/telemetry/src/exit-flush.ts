import { log } from './diag-logger.js';

/** How long a process that ends on its own may wait for its last spans to be exported. */
export const EXIT_FLUSH_TIMEOUT_MS = 5_000;

/**
 * Exports what is pending when the process is about to end on its own (`beforeExit`: the event loop
 * is empty), so that a run-once script delivers its spans without calling `shutdown()`. The flush
 * keeps the process alive for at most `timeoutMs`; it runs again only if spans ended since the
 * last one, so the process then exits. (`process.exit()` and signals skip `beforeExit`: signals
 * have their own handler.) Returns the uninstall.
 */
export function installExitFlush(
  flush: () => Promise<void>,
  progress: () => number,
  timeoutMs = EXIT_FLUSH_TIMEOUT_MS,
): () => void {
  let flushedAt = Number.NaN;
  let running = false;
  const onBeforeExit = (): void => {
    const now = progress();
    if (running || now === flushedAt) return;
    running = true;
    flushedAt = now;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`@tradingagents/telemetry: exit flush did not finish within ${timeoutMs} ms`);
        resolve();
      }, timeoutMs);
    });
    void Promise.race([flush().catch(() => undefined), timeout]).finally(() => {
      clearTimeout(timer);
      running = false;
    });
  };
  process.on('beforeExit', onBeforeExit);
  return () => {
    process.off('beforeExit', onBeforeExit);
  };
}
