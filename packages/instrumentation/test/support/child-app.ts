import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type LangfuseReceiverHandle, type MetricFamily, scrape } from '@tradingagents/testkit';

/** A loopback port for the child's `/metrics` (below the ephemeral range: no loopback server takes it meanwhile). */
export { freePort };

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

/** This package's directory: the fixture apps run from there, as an app runs from its own. */
const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The keys of the Langfuse receiver that {@link runRegisteredApp} gives the app. */
export const LANGFUSE_KEYS = Object.freeze({ publicKey: 'pk', secretKey: 'sk' });

/** How {@link runRegisteredApp} starts a fixture app. */
export interface RegisteredAppOptions {
  /** The preload flag for our register entry; none for an app that calls `registerTradingAgentsTelemetry()`. */
  readonly flag: string | undefined;
  /** The app's script, relative to `cwd`. */
  readonly script: string;
  /** Where the app runs. @default this package's directory (fixtures are `test/fixtures/…`) */
  readonly cwd?: string;
  /** The Langfuse receiver the app exports to, started with {@link LANGFUSE_KEYS}. */
  readonly langfuse: LangfuseReceiverHandle;
  /** Variables added to the environment (provider URLs and keys); `OTEL_SERVICE_NAME` defaults to `fixture-<script file>`. */
  readonly env: Record<string, string>;
  /** Variables of this process the app must not inherit, besides `NODE_OPTIONS` (vitest's `NODE_ENV`…). */
  readonly drop?: readonly string[];
}

/** What a fixture app did: its JSON line, one scrape of its `/metrics`, its stderr and how it exited. */
export interface RegisteredAppRun {
  readonly report: Record<string, unknown>;
  readonly metrics: MetricFamily[];
  readonly stderr: string;
  readonly exit: [number | null, NodeJS.Signals | null];
}

/**
 * Runs a fixture app the way a user runs it (`node [--import|--require @tradingagents/telemetry/register]
 * app`), waits for its JSON line, scrapes its `/metrics` once, then stops it with SIGTERM, on which the
 * core flushes its spans. The app serves until told to stop. It loads the built packages (`pnpm test` builds
 * first): the hooks under test are the real loader and require hooks, which vitest's own module loader would
 * bypass.
 */
export async function runRegisteredApp(options: RegisteredAppOptions): Promise<RegisteredAppRun> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NODE_OPTIONS', ...(options.drop ?? [])]) delete env[key];
  const child = spawn(
    process.execPath,
    [...(options.flag ? [options.flag, '@tradingagents/telemetry/register'] : []), options.script],
    {
      cwd: options.cwd ?? PACKAGE_DIR,
      env: {
        ...env,
        OTEL_SERVICE_NAME: `fixture-${basename(options.script)}`,
        LANGFUSE_PUBLIC_KEY: LANGFUSE_KEYS.publicKey,
        LANGFUSE_SECRET_KEY: LANGFUSE_KEYS.secretKey,
        LANGFUSE_BASE_URL: options.langfuse.baseUrl,
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let report: Record<string, unknown>;
  let metrics: MetricFamily[];
  try {
    report = await firstJsonLine(child, () => stderr);
    metrics = await scrape(`http://127.0.0.1:${port}/metrics`);
  } finally {
    child.kill('SIGTERM');
  }
  const exit = await exited;
  return { report, metrics, stderr, exit };
}
