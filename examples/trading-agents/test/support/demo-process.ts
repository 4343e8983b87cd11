import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A loopback port for the demo's `/metrics` or PostgreSQL (below the ephemeral range). */
export { freePort } from '@tradingagents/testkit';

/**
 * The environment of a fresh clone: no keys, no database, no OTLP endpoint, and no `NODE_ENV`
 * (vitest sets `test`, under which the OpenAI Agents SDK turns its tracing off; a user's shell has none).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(OPENAI_|LANGFUSE_|OTEL_|TRADINGAGENTS_|DATABASE_URL$|NODE_ENV$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout contains `text`; rejects if the process exits first or on timeout. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  /** Sends SIGINT (Ctrl-C) and waits for the exit. */
  stop(): Promise<number | string>;
}

/**
 * Runs the demo: `via: 'pnpm'` exactly as a user does (`pnpm demo ...`), `via: 'node'` as one
 * process (`node --import tsx src/main.ts ...`) so that a SIGINT reaches the app itself.
 */
export function startDemo(
  args: string[],
  { env = cleanEnv(), via = 'node' }: { env?: NodeJS.ProcessEnv; via?: 'pnpm' | 'node' } = {},
): DemoProcess {
  const [command, commandArgs] =
    via === 'pnpm'
      ? ['pnpm', ['--silent', 'demo', ...args]]
      : [process.execPath, ['--import', 'tsx', 'src/main.ts', ...args]];
  const child = spawn(command, commandArgs, { cwd: EXAMPLE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  const waitFor = (text: string | RegExp, timeoutMs = 45_000) =>
    new Promise<string>((resolve, reject) => {
      const matches = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${text}\nstdout:\n${out}\nstderr:\n${err}`)),
        timeoutMs,
      );
      const check = () => {
        if (matches()) finish();
      };
      const onExit = () =>
        setImmediate(() =>
          matches()
            ? finish()
            : finish(new Error(`demo exited before ${text}\nstdout:\n${out}\nstderr:\n${err}`)),
        );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(out);
      };
      child.stdout?.on('data', check);
      child.once('exit', onExit);
      check();
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** The `/metrics` URL the demo printed. */
export function metricsUrlOf(stdout: string): string {
  const match = /metrics: (http:\/\/\S+\/metrics)/.exec(stdout);
  if (!match) throw new Error(`no metrics URL in:\n${stdout}`);
  return match[1];
}
