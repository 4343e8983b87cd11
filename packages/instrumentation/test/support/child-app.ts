import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A free loopback port, for the child's `/metrics`. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

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
