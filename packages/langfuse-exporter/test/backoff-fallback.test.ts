import { captureDiag } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeLangfuse } from './support/fake-langfuse.js';
import { OBSERVATIONS, type Pair, scrape, startPair, waitFor } from './support/harness.js';

describe('rate limiting (429)', () => {
  let pair: Pair | undefined;
  let diag: ReturnType<typeof captureDiag> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    diag?.restore();
  });

  it('backs off exponentially up to the cap, then returns to the poll interval', async () => {
    diag = captureDiag();
    // base 50 ms, cap 200 ms: waits of 100, 200, 200 ms after the 1st, 2nd, 3rd 429 in a row.
    const fake = await new FakeLangfuse({ observations: OBSERVATIONS }).start();
    fake.script(
      { kind: 'status', status: 429 },
      { kind: 'status', status: 429 },
      { kind: 'status', status: 429 },
    );
    pair = await startPair({ backoffBaseSeconds: 0.05, backoffMaxSeconds: 0.2 }, fake);
    await waitFor(() => fake.metricsRequests().some((r) => r.status === 200));
    const at = fake.metricsRequests().map((r) => r.at);
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeLessThan(1000);
    await waitFor(() => pair?.exporter.status().consecutiveRateLimited === 0);
    expect(pair.exporter.status().nextDelayMs).toBe(30_000);

    const s = await scrape(pair.exporter.url as string);
    expect(s.value('tradingagents_langfuse_poll_errors_total', { reason: 'rate_limited' })).toBe(3);
    expect(
      s.value('tradingagents_langfuse_cost_usd', {
        model: 'gpt-4o',
        trace_name: 'analysis',
        environment: 'production',
      }),
    ).toBeCloseTo(2);
    expect(diag.text()).toMatch(/poll failed \(rate_limited\): .*rate limiting \(HTTP 429\)/);
  });

  it('respects Retry-After even when it exceeds the backoff cap', async () => {
    const fake = await new FakeLangfuse({ observations: OBSERVATIONS }).start();
    fake.script({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    pair = await startPair({ backoffBaseSeconds: 0.01, backoffMaxSeconds: 0.02 }, fake);
    await waitFor(() => fake.metricsRequests().length === 1);
    await waitFor(() => pair?.exporter.status().nextDelayMs !== undefined);
    expect(pair.exporter.status().nextDelayMs).toBe(1000);
    await waitFor(() => fake.metricsRequests().length === 2, 3000);
    const [first, second] = fake.metricsRequests();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const fake = await new FakeLangfuse({ observations: OBSERVATIONS }).start();
    fake.script({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() },
    });
    pair = await startPair({ backoffBaseSeconds: 0.01, backoffMaxSeconds: 0.02 }, fake);
    await pair.exporter.pollNow();
    const delay = pair.exporter.status().nextDelayMs as number;
    expect(delay).toBeGreaterThan(100_000);
    expect(delay).toBeLessThanOrEqual(120_000);
  });
});

describe('v1 fallback for self-hosted Langfuse without the v2 API', () => {
  let pair: Pair | undefined;
  let diag: ReturnType<typeof captureDiag> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    diag?.restore();
  });

  it('falls back to /api/public/metrics when v2 answers 404, and remembers it', async () => {
    diag = captureDiag();
    const fake = await new FakeLangfuse({ observations: OBSERVATIONS, v2Missing: true }).start();
    pair = await startPair({}, fake);
    await pair.exporter.pollNow();
    // On v1 a poll is two queries: the trace-name breakdown, then the totals (see v1-trace-join.test.ts).
    expect(fake.metricsRequests().map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/public/v2/metrics 404',
      '/api/public/metrics 200',
      '/api/public/metrics 200',
    ]);
    await pair.exporter.pollNow();
    expect(
      fake
        .metricsRequests()
        .slice(3)
        .map((r) => r.path),
    ).toEqual(['/api/public/metrics', '/api/public/metrics']);

    const s = await scrape(pair.exporter.url as string);
    expect(s.value('tradingagents_langfuse_api_info', { api_version: 'v1' })).toBe(1);
    expect(
      s.value('tradingagents_langfuse_cost_usd', {
        model: 'gpt-4o',
        trace_name: 'analysis',
        environment: 'production',
      }),
    ).toBeCloseTo(2);
    expect(s.value('tradingagents_langfuse_poll_errors_total', { reason: 'http_status' })).toBe(0);
    expect(diag.text()).toMatch(/v2 Metrics API answered 404 .*trying v1/);
  });

  it('goes back to v2 when the remembered v1 disappears (server upgraded to v4, events_only)', async () => {
    const fake = await new FakeLangfuse({ observations: OBSERVATIONS, v2Missing: true }).start();
    pair = await startPair({}, fake);
    await pair.exporter.pollNow();
    fake.v2Missing = false;
    fake.v1Missing = true;
    await pair.exporter.pollNow();
    expect(pair.exporter.status().apiVersion).toBe('v2');
    expect(
      fake
        .metricsRequests()
        .slice(3)
        .map((r) => `${r.path} ${r.status}`),
    ).toEqual(['/api/public/metrics 404', '/api/public/v2/metrics 200']);
  });

  it('counts http_status when neither version exists (wrong base URL)', async () => {
    diag = captureDiag();
    const fake = await new FakeLangfuse({ observations: OBSERVATIONS, v2Missing: true }).start();
    fake.script({ kind: 'status', status: 404 });
    pair = await startPair({}, fake);
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    expect(s.value('tradingagents_langfuse_poll_errors_total', { reason: 'http_status' })).toBe(1);
    expect(pair.exporter.status().apiVersion).toBe('v2');
  });
});
