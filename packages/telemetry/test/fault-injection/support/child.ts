import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningChild {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves when stdout has a line matching `pattern` (rejects after `timeoutMs`). */
  waitFor(pattern: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
  done: Promise<ChildResult>;
}

/** Spawns `node [nodeArgs] script` with a clean environment plus `env`. */
export function startChild(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): RunningChild {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (d) => {
    stdout += d;
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<ChildResult>((resolve) =>
    // 'close' fires after the process exited and its pipes drained.
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const waitFor = (pattern: (s: string) => boolean, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern(stdout)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`child output did not match within ${timeoutMs} ms:\n${stdout.slice(-2000)}\n${stderr}`),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { child, stdout: () => stdout, waitFor, done };
}
