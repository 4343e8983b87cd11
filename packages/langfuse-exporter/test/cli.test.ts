import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXPORTER_ENV_KEYS } from '../src/env.js';
import { FakeLangfuse } from './support/fake-langfuse.js';
import { OBSERVATIONS, scrape, waitFor } from './support/harness.js';

const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
// Run the TypeScript entry through tsx, so the test does not depend on a prior build.
const TSX = createRequire(import.meta.url).resolve('tsx');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

describe('tradingagents-langfuse-exporter CLI', () => {
  let running: Run | undefined;
  let fake: FakeLangfuse | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exit;
    }
    running = undefined;
    await fake?.stop();
    fake = undefined;
  });

  it('--help lists every flag with the env var it mirrors, and exits 0', async () => {
    running = run(['--help']);
    expect(await running.exit).toBe(0);
    const help = running.stdout();
    expect(help).toMatch(/^Usage: tradingagents-langfuse-exporter \[options\]/);
    for (const key of EXPORTER_ENV_KEYS) expect(help, key).toContain(key);
    for (const flag of [
      '--port',
      '--host',
      '--poll-interval',
      '--window',
      '--timeout',
      '--backoff-base',
      '--drift-threshold',
    ]) {
      expect(help).toContain(flag);
    }
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /--port expects a number, got "abc"/],
    [
      ['--poll-interval', '10s'],
      /--poll-interval \(LANGFUSE_EXPORTER_POLL_INTERVAL\) must be a number from 30/,
    ],
    [['--window', 'soon'], /--window expects a duration such as 300, 30s, 5m or 1h, got "soon"/],
    [['--log-level', 'loud'], /--log-level expects one of none, error, warn/],
  ])('%j is a usage error: clear message, exit 2', async (args, message) => {
    running = run(args, { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk' });
    expect(await running.exit).toBe(2);
    expect(running.stderr()).toMatch(message);
    expect(running.stderr()).toMatch(/Run `tradingagents-langfuse-exporter --help`/);
  });

  it('missing keys are a usage error naming the env vars', async () => {
    running = run([]);
    expect(await running.exit).toBe(2);
    expect(running.stderr()).toMatch(/LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY/);
  });

  it('serves /metrics from env + flags, and shuts down cleanly on SIGTERM', async () => {
    fake = await new FakeLangfuse({ observations: OBSERVATIONS }).start();
    running = run(['--port', '0', '--base-url', fake.url], {
      LANGFUSE_PUBLIC_KEY: 'pk-lf-test',
      LANGFUSE_SECRET_KEY: 'sk-lf-test',
      LANGFUSE_EXPORTER_HOST: '127.0.0.1',
    });
    const current = running;
    await waitFor(() => /serving (http:\S+)/.test(current.stderr()), 15_000);
    const url = /serving (http:\S+);/.exec(current.stderr())?.[1] as string;
    await waitFor(() => (fake?.metricsRequests().length ?? 0) >= 1, 10_000);
    await waitFor(() => fake?.metricsRequests()[0]?.status === 200);
    const s = await scrape(url);
    expect(
      s.value('tradingagents_langfuse_cost_usd', {
        model: 'gpt-4o',
        trace_name: 'analysis',
        environment: 'production',
      }),
    ).toBeCloseTo(2);

    current.child.kill('SIGTERM');
    expect(await current.exit).toBe(0);
    expect(current.stderr()).toMatch(/SIGTERM received, shutting down/);
    expect(current.stderr()).toMatch(/stopped\./);
    await expect(fetch(url)).rejects.toThrow();
  });
});
