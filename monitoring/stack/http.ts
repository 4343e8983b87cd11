/** Waits for an HTTP endpoint to answer 2xx. */

export async function waitForHttp(
  url: string,
  options: { timeoutMs?: number; isAlive?: () => boolean } = {},
) {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (options.isAlive !== undefined && !options.isAlive())
      throw new Error(`process exited before ${url} was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready: ${last}`);
}
