/**
 * Starts `workflow-app-main.ts` as a child process: the dashboards' workflow panels need an app
 * whose graphs run outside `trackAnalysis`, which the TradingAgents example never does.
 */
import { fileURLToPath } from 'node:url';
import { waitForHttp } from '../../stack/http.js';
import type { RunningApp } from './app.js';
import { REPO_ROOT } from './paths.js';
import { spawnLogged, stopChild } from './servers.js';

const MAIN = fileURLToPath(new URL('./workflow-app-main.ts', import.meta.url));

/** Starts the workflow app on 127.0.0.1:`port` and waits until its /metrics answers. */
export async function startWorkflowApp(port: number): Promise<RunningApp> {
  const { child, exited, logs } = spawnLogged(
    process.execPath,
    ['--import', 'tsx', MAIN, String(port)],
    {
      NO_COLOR: '1',
    },
    { cwd: REPO_ROOT },
  );
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    await waitForHttp(metricsUrl, { timeoutMs: 60_000, isAlive: alive });
  } catch (error) {
    await stopChild(child, exited, 'SIGINT');
    throw new Error(`the workflow app did not serve ${metricsUrl}: ${(error as Error).message}\n${logs()}`);
  }
  return {
    target: `127.0.0.1:${port}`,
    metricsUrl,
    logs,
    stop: () => stopChild(child, exited, 'SIGINT'),
  };
}
