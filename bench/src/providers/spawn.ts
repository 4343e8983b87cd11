import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerConfig, WorkerResult } from './protocol.js';

const WORKER = fileURLToPath(new URL('./entry.cjs', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs one worker in a fresh process (cwd = bench/, so that the core finds
 * `@tradingagents/instrumentation` the way an app's own install would) and returns its result.
 */
export function runWorker(
  config: WorkerConfig,
  timeoutMs: number,
  onMark: (phase: string) => void,
  execPath: string = process.execPath,
): Promise<WorkerResult> {
  // Workers run as an app would, not as a test: the Agents SDK turns its tracing (which ours and the
  // OpenInference peer build on) off when NODE_ENV is 'test', as vitest sets it.
  const { NODE_ENV: _testRunnerEnv, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      cwd: BENCH_DIR,
      execPath,
      execArgv: ['--require', 'tsx/cjs', '--expose-gc'],
      env: { ...env, BENCH_PROVIDERS_CONFIG: JSON.stringify(config), OTEL_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: WorkerResult | undefined;
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message: { mark?: string; result?: WorkerResult }) => {
      if (message.mark !== undefined) {
        onMark(message.mark);
        child.send({ ack: message.mark });
      } else if (message.result !== undefined) result = message.result;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve(result);
      else
        reject(
          new Error(
            `${config.framework}/${config.variant} worker exited with ${signal ?? code} and no result${stderr ? `:\n${stderr.slice(-2000)}` : ''}`,
          ),
        );
    });
  });
}
