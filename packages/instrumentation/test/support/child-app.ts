import type { ChildProcess } from 'node:child_process';

/** A loopback port for the child's `/metrics` (below the ephemeral range: no loopback server takes it meanwhile). */
export { freePort } from '@tradingagents/testkit';

/** Resolves with the first stdout line that parses as JSON; rejects if the child exits first. */
export function firstJsonLine(child: ChildProcess, stderr: () => string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (data: Buffer) => {
      buffer += data.toString();
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          resolve(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // an incomplete line: wait for more
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before reporting:\n${stderr()}`)));
  });
}
