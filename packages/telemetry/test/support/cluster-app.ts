/**
 * Runs test/fixtures/cluster-app.mjs (a real node:cluster primary with its workers) as a child
 * process and drives it through its stdout lines and stdin commands.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLUSTER_APP = fileURLToPath(new URL('../fixtures/cluster-app.mjs', import.meta.url));

export interface ClusterApp {
  /** The host-level /metrics URL the primary serves. */
  readonly url: string;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Sends a command: `work`, `kill` or `stop`. */
  command(line: 'work' | 'kill' | 'stop'): void;
  /** Waits until `count` lines match `pattern` (in total, since start). */
  waitFor(pattern: RegExp, count?: number, timeoutMs?: number): Promise<void>;
  /** Output for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startClusterApp(env: Record<string, string>): Promise<ClusterApp> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLUSTER_APP], {
    // No Langfuse keys or OTel settings from the test's environment.
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = () => `--- stdout\n${lines.join('\n')}\n--- stderr\n${stderr}`;
  const waitFor = (pattern: RegExp, count = 1, timeoutMs = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (lines.filter((line) => pattern.test(line)).length >= count) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${count} x ${pattern}\n${output()}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.write('stop\n');
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), 10_000).unref(),
      );
      if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
    }
    await exited;
  };
  try {
    await waitFor(/^URL /, 1, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const url = (lines.find((line) => line.startsWith('URL ')) ?? '').slice(4);
  return { url, lines, command: (line) => child.stdin.write(`${line}\n`), waitFor, output, stop };
}
