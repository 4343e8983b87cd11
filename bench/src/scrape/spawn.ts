import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScrapeReply, ScrapeRequest, ScrapeVariant } from './protocol.js';

const CHILD = fileURLToPath(new URL('./variant-process.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));

type Answer = Extract<ScrapeReply, { id: number }>;

/** A running one-variant process: its /metrics URL and a request/answer channel to it. */
export interface VariantProcess {
  readonly url: string;
  request(op: ScrapeRequest['op']): Promise<Answer>;
  stop(): Promise<void>;
}

/** Starts `variant` in a fresh process and resolves once its store is built and its server listens. */
export function startVariant(variant: ScrapeVariant): Promise<VariantProcess> {
  const child: ChildProcess = fork(CHILD, [], {
    cwd: BENCH_DIR,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_SCRAPE_VARIANT: variant, OTEL_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.on('message', (reply: ScrapeReply) => {
      if ('ready' in reply) {
        resolve({
          url: reply.ready,
          request: (op) =>
            new Promise((res, rej) => {
              const id = nextId++;
              waiting.set(id, { resolve: res, reject: rej });
              child.send({ id, op } satisfies ScrapeRequest);
            }),
          stop: async () => {
            child.disconnect();
            const timeout = new Promise((r) => setTimeout(r, 5_000).unref());
            await Promise.race([exited, timeout]);
            child.kill('SIGKILL');
          },
        });
      } else if ('error' in reply) {
        const error = new Error(`scrape variant ${variant}: ${reply.error}`);
        failAll(error);
        reject(error);
      } else {
        const entry = waiting.get(reply.id);
        waiting.delete(reply.id);
        entry?.resolve(reply);
      }
    });
    child.once('exit', (code, signal) => {
      const error = new Error(
        `scrape variant ${variant} exited with ${signal ?? code}${stderr ? `:\n${stderr.slice(-2000)}` : ''}`,
      );
      failAll(error);
      reject(error);
    });
  });
}
