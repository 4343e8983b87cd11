import { afterEach, describe, expect, it } from 'vitest';
import { buildMetricsQuery, type MetricsRow, parseMetricsResponse } from '../src/query.js';
import { mergeV1Answers } from '../src/v1-answer.js';
import { FakeLangfuse, type FakeObservation } from './support/fake-langfuse.js';
import { type Pair, type Scrape, scrape, startPair } from './support/harness.js';

const MIN = 60_000;

/**
 * Three traces in the exporter's window [now - 70 min, now - 10 min]; trace A started 5 minutes
 * before it, its two model calls inside it. In the window: $0.01039, of which $0.0024 in trace A.
 */
function traces(now: number): FakeObservation[] {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MIN).toISOString();
  const call = (
    model: string,
    traceName: string,
    traceStart: number,
    start: number,
    totalCost: number,
    latencyMs: number,
  ): FakeObservation => ({
    model,
    traceName,
    environment: 'production',
    traceStartTime: at(traceStart),
    startTime: at(start),
    totalCost,
    inputTokens: Math.round(totalCost * 1e6),
    outputTokens: Math.round(totalCost * 1e5),
    latencyMs,
  });
  return [
    call('gpt-4o-mini', 'analysis', 75, 69, 0.0015, 900),
    call('gpt-4o', 'analysis', 75, 68, 0.0009, 1200),
    call('gpt-4o', 'analysis', 40, 40, 0.00412, 2100),
    call('gpt-4o-mini', 'analysis', 40, 39, 0.00089, 700),
    call('gpt-4o', 'reflection', 30, 30, 0.00298, 1800),
  ];
}

const WINDOW = { windowSeconds: 3600, queryDelaySeconds: 600, environments: [] };

/** One GET to the stand-in, as the Metrics API is called: Basic auth, `query` as URL-encoded JSON. */
async function get(fake: FakeLangfuse, path: string, query: unknown): Promise<Response> {
  const auth = Buffer.from('pk-lf-test:sk-lf-test').toString('base64');
  const url = `${fake.url}${path}?query=${encodeURIComponent(JSON.stringify(query))}`;
  return fetch(url, { headers: { authorization: `Basic ${auth}` } });
}

const sumOf = (rows: readonly MetricsRow[], key: 'costUsd' | 'observations' | 'totalTokens') =>
  rows.reduce((total, row) => total + row[key], 0);

function total(s: Scrape, name: string, filter: (key: string) => boolean = () => true): number {
  let sum = 0;
  for (const [key, value] of s.samples) if (key.startsWith(`${name}{`) && filter(key)) sum += value;
  return sum;
}

describe("the stand-in reproduces v1's trace join", () => {
  let fake: FakeLangfuse | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it('v1 grouped by traceName is 23% short when a trace starts before the window; v2 and v1 without it are not', async () => {
    const now = Date.now();
    fake = await new FakeLangfuse({ observations: traces(now) }).start();
    const grouped = buildMetricsQuery(WINDOW, now);
    const costs: Record<string, number> = {};
    for (const [name, path, query] of [
      ['v2', '/api/public/v2/metrics', grouped],
      ['v1', '/api/public/metrics', grouped],
      [
        'v1 totals',
        '/api/public/metrics',
        buildMetricsQuery(WINDOW, now, ['providedModelName', 'environment']),
      ],
    ] as const) {
      const response = await get(fake, path, query);
      expect(response.status).toBe(200);
      costs[name] = sumOf(parseMetricsResponse(await response.json()), 'costUsd');
    }
    expect(costs.v2).toBeCloseTo(0.01039, 12);
    expect(costs.v1).toBeCloseTo(0.00799, 12);
    expect(1 - (costs.v1 as number) / (costs.v2 as number)).toBeCloseTo(0.231, 3);
    expect(costs['v1 totals']).toBeCloseTo(0.01039, 12);
  });
});

describe('the bridge on v1 reports the full cost', () => {
  const pairs: Pair[] = [];
  afterEach(async () => {
    await Promise.all(pairs.splice(0).map((p) => p.close()));
  });

  async function bridge(v2Missing: boolean, observations: FakeObservation[]): Promise<Pair> {
    const pair = await startPair({}, new FakeLangfuse({ observations, v2Missing }));
    pairs.push(pair);
    await pair.exporter.pollNow();
    return pair;
  }

  it('serves the same cost, tokens and calls on v1 as on v2, the join loss under __unattributed__', async () => {
    const now = Date.now();
    const v1 = await bridge(true, traces(now));
    const v2 = await bridge(false, traces(now));
    expect(v1.exporter.status().apiVersion).toBe('v1');
    expect(v2.exporter.status().apiVersion).toBe('v2');
    const [s1, s2] = await Promise.all([
      scrape(v1.exporter.url as string),
      scrape(v2.exporter.url as string),
    ]);

    expect(total(s2, 'tradingagents_langfuse_cost_usd')).toBeCloseTo(0.01039, 12);
    expect(total(s1, 'tradingagents_langfuse_cost_usd')).toBeCloseTo(0.01039, 12);
    for (const name of ['tradingagents_langfuse_observations', 'tradingagents_langfuse_tokens']) {
      expect(total(s1, name)).toBe(total(s2, name));
    }
    expect(total(s1, 'tradingagents_langfuse_observations')).toBe(5);

    const series = (model: string, trace_name: string) => ({ model, trace_name, environment: 'production' });
    const cost = (s: Scrape, model: string, trace: string) =>
      s.value('tradingagents_langfuse_cost_usd', series(model, trace));
    // v1: trace A's calls cannot be named, the rest keep their trace names.
    expect(cost(s1, 'gpt-4o', 'analysis')).toBeCloseTo(0.00412, 12);
    expect(cost(s1, 'gpt-4o', 'reflection')).toBeCloseTo(0.00298, 12);
    expect(cost(s1, 'gpt-4o-mini', 'analysis')).toBeCloseTo(0.00089, 12);
    expect(cost(s1, 'gpt-4o', '__unattributed__')).toBeCloseTo(0.0009, 12);
    expect(cost(s1, 'gpt-4o-mini', '__unattributed__')).toBeCloseTo(0.0015, 12);
    expect(s1.value('tradingagents_langfuse_observations', series('gpt-4o-mini', '__unattributed__'))).toBe(
      1,
    );
    // A remainder has no p95: quantiles do not subtract.
    expect(s1.text).not.toMatch(/latency_p95_seconds\{[^}]*__unattributed__/);
    // v2: no join, every call under its trace name.
    expect(cost(s2, 'gpt-4o', 'analysis')).toBeCloseTo(0.00502, 12);
    expect(cost(s2, 'gpt-4o-mini', 'analysis')).toBeCloseTo(0.00239, 12);
    expect(s2.text).not.toMatch(/__unattributed__/);

    // v1 sent the breakdown, then the totals without the traces-table dimension.
    const v1Queries = v1.fake.metricsRequests().filter((r) => r.path === '/api/public/metrics');
    expect(v1Queries.map((r) => r.status)).toEqual([200, 200]);
    expect(
      v1Queries.map((r) => ((r.query?.dimensions ?? []) as { field: string }[]).map((d) => d.field)),
    ).toEqual([
      ['providedModelName', 'traceName', 'environment'],
      ['providedModelName', 'environment'],
    ]);
    expect(v2.fake.metricsRequests()).toHaveLength(1);
  });

  it('adds no __unattributed__ series when every trace started inside the window', async () => {
    const now = Date.now();
    const inside = traces(now).map((o) => ({ ...o, traceStartTime: o.startTime }));
    const s = await scrape((await bridge(true, inside)).exporter.url as string);
    expect(s.text).not.toMatch(/__unattributed__/);
    expect(total(s, 'tradingagents_langfuse_cost_usd')).toBeCloseTo(0.01039, 12);
    expect(
      s.value('tradingagents_langfuse_latency_p95_seconds', {
        model: 'gpt-4o',
        trace_name: 'analysis',
        environment: 'production',
      }),
    ).toBeCloseTo(2.055, 10); // quantile(0.95) of [1200, 2100] ms, interpolated
  });
});

describe('mergeV1Answers', () => {
  const row = (model: string, trace: string | null, cost: number, calls: number): MetricsRow => ({
    model,
    trace_name: trace,
    environment: 'production',
    costUsd: cost,
    inputTokens: calls * 10,
    outputTokens: calls,
    totalTokens: calls * 11,
    observations: calls,
    latencyP95Seconds: 1,
  });

  it('serves per model and environment what the totals hold beyond the breakdown', () => {
    const merged = mergeV1Answers(
      [row('a', 'x', 1, 1), row('a', 'y', 2, 2)],
      [row('a', null, 4.5, 5), row('b', null, 0.5, 1)],
    );
    expect(merged.slice(2)).toEqual([
      { ...row('a', '__unattributed__', 1.5, 2), latencyP95Seconds: undefined },
      { ...row('b', '__unattributed__', 0.5, 1), latencyP95Seconds: undefined },
    ]);
    expect(sumOf(merged, 'costUsd')).toBe(5);
    expect(sumOf(merged, 'totalTokens')).toBe(66);
  });

  it('adds nothing where the breakdown already holds every call (totals read later may round differently)', () => {
    const breakdown = [row('a', 'x', 0.1, 1), row('a', 'y', 0.2, 2)];
    expect(mergeV1Answers(breakdown, [row('a', null, 0.30000000000000004, 3)])).toEqual(breakdown);
    expect(mergeV1Answers(breakdown, [row('a', null, 0.25, 2)])).toEqual(breakdown);
  });
});
