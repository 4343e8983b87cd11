/**
 * The TradingAgents example (examples/trading-agents) as a child process serving /metrics, the way
 * its own e2e tests run it (`node --import tsx src/main.ts`): offline (its embedded LLM), in `--loop`
 * mode so Prometheus scrapes a steady workload, with PostgreSQL and Langfuse when given (and then a
 * spool directory, as a production setup has, so the spool's counters are served).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHttp } from '../../stack/http.js';
import { REPO_ROOT } from './paths.js';
import { spawnLogged, stopChild } from './servers.js';

export const EXAMPLE_DIR = join(REPO_ROOT, 'examples', 'trading-agents');

export interface AppOptions {
  /** Port of /metrics on 127.0.0.1. */
  readonly port: number;
  /** `DATABASE_URL`: one row per analysis, queries seen by the pg instrumentation. */
  readonly databaseUrl?: string;
  /** `--fail-rate`: share of analyses whose LLM calls get HTTP 500. @default 0 */
  readonly failRate?: number;
  /** `--llm-latency` in ms: the embedded LLM's mean latency. @default 5 (fast, for tests) */
  readonly llmLatencyMs?: number;
  /** @default 'NVDA,AAPL,MSFT' */
  readonly tickers?: string;
  /** Langfuse endpoint and keys the app exports its spans to. */
  readonly langfuse?: { readonly baseUrl: string; readonly publicKey: string; readonly secretKey: string };
}

export interface RunningApp {
  /** `127.0.0.1:<port>`, the scrape target. */
  readonly target: string;
  readonly metricsUrl: string;
  logs(): string;
  /** Ctrl-C (SIGINT): the app flushes its telemetry and exits. */
  stop(): Promise<void>;
}

/** This process's environment without the variables the app reads (a fresh clone's). */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(OPENAI_|LANGFUSE_|OTEL_|TRADINGAGENTS_|DATABASE_URL$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Starts the app and waits until its /metrics answers. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const env: Record<string, string> = { ...cleanEnv(), NO_COLOR: '1' };
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  if (options.langfuse !== undefined) {
    env.LANGFUSE_BASE_URL = options.langfuse.baseUrl;
    env.LANGFUSE_PUBLIC_KEY = options.langfuse.publicKey;
    env.LANGFUSE_SECRET_KEY = options.langfuse.secretKey;
    env.TRADINGAGENTS_SPOOL_DIR = mkdtempSync(join(tmpdir(), 'ta-app-spool-'));
  }
  const spool = env.TRADINGAGENTS_SPOOL_DIR;
  const args = [
    '--import',
    'tsx',
    'src/main.ts',
    '--loop',
    '--quiet',
    '--tickers',
    options.tickers ?? 'NVDA,AAPL,MSFT',
    '--concurrency',
    '2',
    '--metrics-port',
    String(options.port),
    '--llm-latency',
    String(options.llmLatencyMs ?? 5),
    '--fail-rate',
    String(options.failRate ?? 0),
  ];
  const { child, exited, logs } = spawnLogged(process.execPath, args, env, {
    cwd: EXAMPLE_DIR,
    replaceEnv: true,
  });
  const metricsUrl = `http://127.0.0.1:${options.port}/metrics`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    await waitForHttp(metricsUrl, { timeoutMs: 60_000, isAlive: alive });
  } catch (error) {
    await stopChild(child, exited, 'SIGINT');
    throw new Error(
      `the TradingAgents app did not serve ${metricsUrl}: ${(error as Error).message}\n${logs()}`,
    );
  }
  return {
    target: `127.0.0.1:${options.port}`,
    metricsUrl,
    logs,
    stop: async () => {
      await stopChild(child, exited, 'SIGINT');
      if (spool !== undefined) rmSync(spool, { recursive: true, force: true });
    },
  };
}
