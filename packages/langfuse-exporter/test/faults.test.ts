import { createServer } from 'node:net';
import { captureDiag } from '@tradingagents/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from './support/fake-langfuse.js';
import { type Pair, scrape, startPair } from './support/harness.js';

const G = { model: 'gpt-4o', trace_name: 'analysis', environment: 'production' };

/** A loopback port nobody listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('faults: each is logged, counted, and leaves the last good values in place', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let pair: Pair | undefined;
  let diag: ReturnType<typeof captureDiag>;

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    // No fault, in any test of this file, surfaced as an unhandled rejection.
    expect(unhandled).toEqual([]);
  });
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    diag.restore();
  });

  /** One good poll, then the fault; returns the scrape before and after and the log. */
  async function goodThenFault(prepare: (p: Pair) => Promise<void> | void, options = {}) {
    diag = captureDiag();
    pair = await startPair(options);
    await pair.exporter.pollNow();
    const before = await scrape(pair.exporter.url as string);
    await prepare(pair);
    await pair.exporter.pollNow();
    const after = await scrape(pair.exporter.url as string);
    return { before, after, log: diag.text() };
  }

  function expectStaleValuesKept(before: Awaited<ReturnType<typeof scrape>>, after: typeof before) {
    expect(after.value('tradingagents_langfuse_cost_usd', G)).toBeCloseTo(2.0);
    expect(after.value('tradingagents_langfuse_tokens', { ...G, type: 'total' })).toBe(1900);
    // Stale, and visibly so: the last success timestamp does not move.
    expect(after.value('tradingagents_langfuse_last_success_timestamp_seconds')).toBe(
      before.value('tradingagents_langfuse_last_success_timestamp_seconds'),
    );
  }

  const script = (fault: Fault) => (p: Pair) => p.fake.script(fault);

  it('a bad key (401) counts reason="auth" and says which env vars to check', async () => {
    const { before, after, log } = await goodThenFault(script({ kind: 'status', status: 401 }));
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'auth' })).toBe(1);
    expect(log).toMatch(/poll failed \(auth\).*rejected the keys \(HTTP 401\).*LANGFUSE_PUBLIC_KEY/);
    expect(log).toMatch(/keeping the values of \d{4}-/);
    expectStaleValuesKept(before, after);
  });

  it('wrong keys from the start are an auth error too (the fake checks Basic auth)', async () => {
    diag = captureDiag();
    pair = await startPair({ secretKey: 'sk-lf-wrong' });
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    expect(pair.fake.requests[0]?.authorized).toBe(false);
    expect(s.value('tradingagents_langfuse_poll_errors_total', { reason: 'auth' })).toBe(1);
    expect(diag.text()).toMatch(/no Langfuse values yet/);
  });

  it('an unreachable Langfuse (connection refused) counts reason="unreachable"', async () => {
    const port = await closedPort();
    diag = captureDiag();
    pair = await startPair({ baseUrl: `http://127.0.0.1:${port}` });
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    expect(s.value('tradingagents_langfuse_poll_errors_total', { reason: 'unreachable' })).toBe(1);
    expect(diag.text()).toMatch(
      new RegExp(`poll failed \\(unreachable\\): cannot reach Langfuse at http://127.0.0.1:${port}`),
    );
    expect(pair.exporter.status().lastError?.reason).toBe('unreachable');
  });

  it('Langfuse going away after a good poll keeps the last values', async () => {
    const { before, after, log } = await goodThenFault((p) => p.fake.stop());
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'unreachable' })).toBe(1);
    expect(log).toMatch(/cannot reach Langfuse/);
    expectStaleValuesKept(before, after);
  });

  it('malformed JSON counts reason="malformed"', async () => {
    const { before, after, log } = await goodThenFault(script({ kind: 'malformed' }));
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'malformed' })).toBe(1);
    expect(log).toMatch(/poll failed \(malformed\): malformed response .*not valid JSON/);
    expectStaleValuesKept(before, after);
  });

  it('a JSON answer of the wrong shape counts reason="malformed"', async () => {
    const { after, log } = await goodThenFault(
      script({ kind: 'status', status: 200, body: JSON.stringify({ rows: [] }) }),
    );
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'malformed' })).toBe(1);
    expect(log).toMatch(/"data" array/);
  });

  it('a slow response times out (reason="timeout") after the configured timeout', async () => {
    const started = { at: 0 };
    const { before, after, log } = await goodThenFault(
      (p) => {
        p.fake.script({ kind: 'slow', delayMs: 3000 });
        started.at = Date.now();
      },
      { timeoutSeconds: 0.3 },
    );
    const waited = Date.now() - started.at;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2500);
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'timeout' })).toBe(1);
    expect(log).toMatch(/poll failed \(timeout\): no complete answer from .* within 0.3s/);
    expectStaleValuesKept(before, after);
  });

  it('a response that never ends times out too', async () => {
    const { after } = await goodThenFault(script({ kind: 'hang' }), { timeoutSeconds: 0.3 });
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'timeout' })).toBe(1);
  });

  it('another HTTP status (500) counts reason="http_status" with the status in the log', async () => {
    const { before, after, log } = await goodThenFault(script({ kind: 'status', status: 503 }));
    expect(after.value('tradingagents_langfuse_poll_errors_total', { reason: 'http_status' })).toBe(1);
    expect(log).toMatch(/answered HTTP 503/);
    expect(after.value('tradingagents_langfuse_poll_duration_seconds_count', { result: 'error' })).toBe(1);
    expectStaleValuesKept(before, after);
  });

  it('recovers on the next good poll and says so', async () => {
    const { log } = await goodThenFault(script({ kind: 'status', status: 401 }));
    await pair?.exporter.pollNow();
    expect(diag.text().slice(log.length)).toMatch(/works again/);
    expect(pair?.exporter.status().lastError).toBeUndefined();
  });

  it('shutdown during a request in flight settles quietly', async () => {
    diag = captureDiag();
    pair = await startPair({ timeoutSeconds: 5 });
    pair.fake.script({ kind: 'hang' });
    const poll = pair.exporter.pollNow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pair.exporter.shutdown();
    await poll;
    expect(diag.text()).not.toMatch(/poll failed/);
  });
});
