/**
 * Waits `ms` milliseconds; resolves early (never rejects) when `signal` aborts, so a closing
 * server or a departed client does not keep a timer alive. Callers check `signal.aborted` after.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
