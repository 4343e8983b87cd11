import { afterEach, describe, expect, it } from 'vitest';
import { type Pair, scrape, startPair } from './support/harness.js';

const G = { model: 'gpt-4o', trace_name: 'analysis', environment: 'production' };

describe('startLangfuseExporter against a loopback Metrics API v2', () => {
  let pair: Pair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it('serves Langfuse cost, tokens, observations and p95 latency by model, trace name and environment', async () => {
    pair = await startPair();
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);

    expect(s.value('tradingagents_langfuse_cost_usd', G)).toBeCloseTo(2.0);
    expect(s.value('tradingagents_langfuse_tokens', { ...G, type: 'input' })).toBe(1600);
    expect(s.value('tradingagents_langfuse_tokens', { ...G, type: 'output' })).toBe(300);
    expect(s.value('tradingagents_langfuse_tokens', { ...G, type: 'total' })).toBe(1900);
    expect(s.value('tradingagents_langfuse_observations', G)).toBe(2);
    // ClickHouse quantile(0.95) of [1500, 2500] ms interpolates: 1500 + 0.95 × 1000.
    expect(s.value('tradingagents_langfuse_latency_p95_seconds', G)).toBeCloseTo(2.45, 10);
    expect(
      s.value('tradingagents_langfuse_cost_usd', {
        model: 'claude-sonnet-4',
        trace_name: 'reflection',
        environment: 'staging',
      }),
    ).toBe(0.5);
    // The span without a model is filtered out in the query.
    expect(s.text).not.toMatch(/model="unknown"/);

    expect(s.value('tradingagents_langfuse_window_seconds')).toBe(3600);
    expect(s.value('tradingagents_langfuse_query_delay_seconds')).toBe(600);
    expect(s.value('tradingagents_langfuse_cost_drift_threshold_ratio')).toBe(0.1);
    expect(s.value('tradingagents_langfuse_api_info', { api_version: 'v2' })).toBe(1);
    const lastSuccess = s.value('tradingagents_langfuse_last_success_timestamp_seconds') as number;
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(10);
    for (const reason of ['auth', 'unreachable', 'timeout', 'malformed', 'rate_limited', 'http_status']) {
      expect(s.value('tradingagents_langfuse_poll_errors_total', { reason })).toBe(0);
    }
    expect(s.value('tradingagents_langfuse_poll_duration_seconds_count', { result: 'success' })).toBe(1);
    // withoutScopeInfo: no otel_scope_* labels on the series.
    expect(s.text).not.toMatch(/otel_scope_name/);
  });

  it('sends one grouped query per poll that the documented schema accepts', async () => {
    pair = await startPair();
    await pair.exporter.pollNow();
    const [request] = pair.fake.metricsRequests();
    expect(pair.fake.metricsRequests()).toHaveLength(1);
    expect(request?.path).toBe('/api/public/v2/metrics');
    expect(request?.authorized).toBe(true);
    expect(request?.status).toBe(200);
    const query = request?.query as Record<string, unknown>;
    expect(query.view).toBe('observations');
    expect(query.dimensions).toEqual([
      { field: 'providedModelName' },
      { field: 'traceName' },
      { field: 'environment' },
    ]);
    expect((query.metrics as unknown[]).length).toBe(6);
    const from = Date.parse(query.fromTimestamp as string);
    const to = Date.parse(query.toTimestamp as string);
    expect(to - from).toBe(3600_000);
    expect(Math.abs(Date.now() - 600_000 - to)).toBeLessThan(10_000);
  });

  it('never calls Langfuse on a scrape: scrapes read the cache', async () => {
    pair = await startPair();
    await pair.exporter.pollNow();
    const before = pair.fake.requests.length;
    for (let i = 0; i < 5; i += 1) await scrape(pair.exporter.url as string);
    expect(pair.fake.requests.length).toBe(before);
  });

  it('serves the health series before the first successful poll, with last success at 0', async () => {
    pair = await startPair();
    pair.fake.script({ kind: 'status', status: 500 });
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    expect(s.value('tradingagents_langfuse_last_success_timestamp_seconds')).toBe(0);
    expect(s.text).not.toMatch(/^tradingagents_langfuse_cost_usd\{/m);
  });

  it('bounds label cardinality: the cheapest models fold into __other__', async () => {
    pair = await startPair({ maxModels: 2 });
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    const other = { model: '__other__', trace_name: 'analysis', environment: 'production' };
    // gpt-4o ($2) and claude-sonnet-4 ($0.5) keep their names; gpt-4o-mini ($0.01) folds.
    expect(s.value('tradingagents_langfuse_cost_usd', other)).toBeCloseTo(0.01);
    expect(s.value('tradingagents_langfuse_cost_usd', G)).toBeCloseTo(2.0);
    expect(s.text).not.toMatch(/model="gpt-4o-mini"/);
    expect(s.value('tradingagents_langfuse_folded_groups', { label: 'model' })).toBe(1);
    expect(s.value('tradingagents_langfuse_folded_groups', { label: 'trace_name' })).toBe(0);
  });

  it('filters on Langfuse environments when asked', async () => {
    pair = await startPair({ environments: ['staging'] });
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    expect(s.text).not.toMatch(/environment="production"/);
    expect(
      s.value('tradingagents_langfuse_observations', {
        model: 'claude-sonnet-4',
        trace_name: 'reflection',
        environment: 'staging',
      }),
    ).toBe(1);
  });

  it('drops a series once its group leaves the window', async () => {
    pair = await startPair();
    await pair.exporter.pollNow();
    pair.fake.observations = pair.fake.observations.filter((o) => o.model !== 'claude-sonnet-4');
    await pair.exporter.pollNow();
    const s = await scrape(pair.exporter.url as string);
    expect(s.text).not.toMatch(/claude-sonnet-4/);
    expect(s.value('tradingagents_langfuse_cost_usd', G)).toBeCloseTo(2.0);
  });

  it('schedules the next poll one interval after a success', async () => {
    pair = await startPair({ pollIntervalSeconds: 45 });
    await pair.exporter.pollNow();
    expect(pair.exporter.status().nextDelayMs).toBe(45_000);
  });

  it('shuts down idempotently and closes the /metrics server', async () => {
    pair = await startPair();
    await pair.exporter.pollNow();
    const url = pair.exporter.url as string;
    await Promise.all([pair.exporter.shutdown(), pair.exporter.shutdown()]);
    await expect(fetch(url)).rejects.toThrow();
  });
});
