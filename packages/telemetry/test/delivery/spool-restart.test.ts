/**
 * Issue 14's restart acceptance: an app runs analyses while Langfuse is down (nothing listens on its
 * port), is killed with SIGTERM, and is started again with the same spool once Langfuse is back: the
 * spans the first process could not send arrive, once each, with the usage Langfuse maps from them.
 * The app is the unmodified ES-module fixture, configured from env only, as a user would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const APP = fileURLToPath(new URL('../fixtures/spool-app.mjs', import.meta.url));
const PK = 'pk-lf-spool-test';
const SK = 'sk-lf-spool-secret';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [APP], {
    env: { PATH: process.env.PATH, OTEL_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, exited };
}

const spanIds = (stdout: string) =>
  [...stdout.matchAll(/^SPAN ([0-9a-f]{16})$/gm)].map((m) => m[1] as string);
const statsOf = (stdout: string) => JSON.parse(/^STATS (.*)$/m.exec(stdout)?.[1] ?? 'null');

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the spool across a restart', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.each([
    ['refuses connections', false],
    ['hangs (a batch is in flight at the signal)', true],
  ])(
    'sends the spans of a process killed while Langfuse %s from the next process',
    async (_, hangs) => {
      const spool = mkdtempSync(join(tmpdir(), 'ta-spool-'));
      cleanups.push(() => rmSync(spool, { recursive: true, force: true }));
      // A port where Langfuse will be: free now (connection refused) or answering nothing, served later.
      let receiver: LangfuseReceiverHandle = await startLangfuseReceiver({ publicKey: PK, secretKey: SK });
      const port = Number(new URL(receiver.baseUrl).port);
      if (hangs) {
        receiver.setMode({ delayMs: 120_000 });
      } else {
        await receiver.close();
      }
      const env = {
        LANGFUSE_PUBLIC_KEY: PK,
        LANGFUSE_SECRET_KEY: SK,
        LANGFUSE_BASE_URL: `http://127.0.0.1:${port}`,
        LANGFUSE_FLUSH_INTERVAL: '0.2',
        TRADINGAGENTS_SPOOL_DIR: spool,
      };

      // 1. Langfuse is down; the app runs until it is killed.
      const first = start({ ...env, ANALYSES: 'forever' });
      cleanups.push(() => void first.child.kill('SIGKILL'));
      await until(() => /^DONE 30$/m.test(first.stdout()), 30_000);
      first.child.kill('SIGTERM');
      // It ends by the signal, as it would have without us.
      expect((await first.exited).signal).toBe('SIGTERM');
      if (hangs) {
        expect(receiver.spans).toEqual([]);
        await receiver.close();
      }
      const lostWithoutSpool = spanIds(first.stdout());
      expect(lostWithoutSpool.length).toBeGreaterThanOrEqual(30 * 3);

      // What it left: owner-only files in an owner-only directory, with no key in them.
      const dir = join(spool, 'langfuse');
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^spans-\d{13}-\d+-[0-9a-f]{8}\.json$/);
      expect(statSync(join(dir, files[0] as string)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(dir, files[0] as string), 'utf8');
      for (const secret of [SK, PK, Buffer.from(`${PK}:${SK}`).toString('base64'), 'Authorization']) {
        expect(text).not.toContain(secret);
      }

      // 2. Langfuse is back; the app starts again with the same spool, runs a little and ends.
      receiver = await startLangfuseReceiver({ publicKey: PK, secretKey: SK, port });
      cleanups.push(() => receiver.close());
      const second = start({ ...env, ANALYSES: '3' });
      cleanups.push(() => void second.child.kill('SIGKILL'));
      expect((await second.exited).code).toBe(0);

      const secondIds = spanIds(second.stdout());
      const expected = [...lostWithoutSpool, ...secondIds];
      const received = receiver.spans.map((s) => s.spanId);
      // Every span of both processes arrived, once.
      expect(new Set(received).size).toBe(received.length);
      expect(new Set(received)).toEqual(new Set(expected));
      // The books of the second process: what it read back was sent.
      const stats = statsOf(second.stdout()).langfuse;
      expect(stats.restored).toBe(lostWithoutSpool.length);
      expect(stats.exported).toBe(lostWithoutSpool.length + secondIds.length);
      expect(stats.failed).toBe(0);
      // The spool is empty again.
      expect(readdirSync(dir)).toEqual([]);
      // Restored spans map as the originals would: every generation carries its usage.
      const generations = receiver.observations().filter((o) => o.type === 'generation');
      expect(generations).toHaveLength(expected.length / 3);
      for (const generation of generations) {
        expect(generation.usageDetails).toMatchObject({ input: 120, output: 30 });
      }
    },
    90_000,
  );

  it('keeps the spans of an app that calls process.exit() before its batch was sent', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'ta-spool-'));
    cleanups.push(() => rmSync(spool, { recursive: true, force: true }));
    const receiver = await startLangfuseReceiver({ publicKey: PK, secretKey: SK });
    cleanups.push(() => receiver.close());
    const env = {
      LANGFUSE_PUBLIC_KEY: PK,
      LANGFUSE_SECRET_KEY: SK,
      LANGFUSE_BASE_URL: receiver.baseUrl,
      TRADINGAGENTS_SPOOL_DIR: spool,
    };
    // Batches wait up to 5 s (the default): process.exit() comes first, and skips every flush.
    const first = start({ ...env, ANALYSES: '5', EXIT: '1' });
    expect((await first.exited).code).toBe(0);
    const firstIds = spanIds(first.stdout());
    expect(firstIds).toHaveLength(15);
    expect(receiver.spans).toEqual([]);
    expect(statsOf(first.stdout()).langfuse).toMatchObject({ spooled: 15, failed: 0, queued: 0 });

    const second = start({ ...env, ANALYSES: '1' });
    expect((await second.exited).code).toBe(0);
    const received = receiver.spans.map((s) => s.spanId);
    expect(received.sort()).toEqual([...firstIds, ...spanIds(second.stdout())].sort());
    expect(readdirSync(join(spool, 'langfuse'))).toEqual([]);
  }, 60_000);
});
