import { afterEach, describe, expect, it } from 'vitest';
import { buildMetricsQuery } from '../src/query.js';
import { FakeLangfuse, type FakeObservation } from './support/fake-langfuse.js';
import { clickhouseQuantile, validateQuery } from './support/fake-metrics-query.js';
import { OBSERVATIONS } from './support/harness.js';

/**
 * The stand-in must follow Langfuse where the bridge depends on it, or the bridge's tests prove
 * nothing. Each rule is cited from Langfuse's server code in support/fake-metrics-query.ts.
 */
const WINDOW = { windowSeconds: 3600, queryDelaySeconds: 600, environments: [] };

describe('the Metrics API stand-in', () => {
  let fake: FakeLangfuse | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  async function get(path: string, query: unknown): Promise<{ status: number; text: string }> {
    const auth = Buffer.from('pk-lf-test:sk-lf-test').toString('base64');
    const url = `${fake?.url}${path}?query=${encodeURIComponent(JSON.stringify(query))}`;
    const response = await fetch(url, { headers: { authorization: `Basic ${auth}` } });
    return { status: response.status, text: await response.text() };
  }

  it('writes 64-bit integers (counts, token sums, max of latency) as JSON strings, costs and quantiles as numbers', async () => {
    fake = await new FakeLangfuse({ observations: OBSERVATIONS }).start();
    const query = {
      ...buildMetricsQuery(WINDOW, Date.now()),
      metrics: [...buildMetricsQuery(WINDOW, Date.now()).metrics, { measure: 'latency', aggregation: 'max' }],
    };
    for (const path of ['/api/public/v2/metrics', '/api/public/metrics']) {
      const { status, text } = await get(path, query);
      expect(status).toBe(200);
      const row = (JSON.parse(text) as { data: Record<string, unknown>[] }).data[0] as Record<
        string,
        unknown
      >;
      expect(row).toMatchObject({ providedModelName: 'gpt-4o', traceName: 'analysis' });
      expect(text).toContain('"count_count":"2"');
      expect(text).toContain('"sum_inputTokens":"1600"');
      expect(text).toContain('"sum_totalTokens":"1900"');
      expect(text).toContain('"max_latency":"2500"');
      expect(row.sum_totalCost).toBe(2);
      expect(row.p95_latency).toBe(2450);
    }
  });

  it('rejects an orderBy that is not a requested dimension or <aggregation>_<measure> of a requested metric', async () => {
    fake = await new FakeLangfuse({ observations: OBSERVATIONS }).start();
    const base = buildMetricsQuery(WINDOW, Date.now());
    const ordered = (field: string) => ({ ...base, orderBy: [{ field, direction: 'desc' }] });
    for (const field of ['sum_totalCost', 'p95_latency', 'count_count', 'traceName']) {
      expect((await get('/api/public/metrics', ordered(field))).status).toBe(200);
    }
    for (const field of ['totalCost', 'avg_totalCost', 'p99_latency', 'sum_inputCost', 'userId', 'cost']) {
      const { status, text } = await get('/api/public/v2/metrics', ordered(field));
      expect(status).toBe(400);
      expect(text).toContain(`Invalid orderBy field: ${field}`);
    }
    // A totals query without the traceName dimension cannot order by it.
    const totals = buildMetricsQuery(WINDOW, Date.now(), ['providedModelName', 'environment']);
    expect(() =>
      validateQuery({ ...totals, orderBy: [{ field: 'traceName', direction: 'asc' }] }, 'v1'),
    ).toThrow(/Invalid orderBy field/);
  });

  it('interpolates quantiles like ClickHouse quantile(): level × (n − 1) between neighbours', () => {
    expect(clickhouseQuantile(0.95, [2500, 1500])).toBe(2450);
    expect(clickhouseQuantile(0.95, [7])).toBe(7);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(clickhouseQuantile(0.95, twenty)).toBeCloseTo(19.05, 10); // nearest rank would say 19
    expect(clickhouseQuantile(0.5, [1, 2, 3, 4])).toBe(2.5);
  });

  it('limits rows to 100 by default on v2 only (v1 sends no LIMIT without row_limit)', async () => {
    const many: FakeObservation[] = Array.from({ length: 150 }, (_, i) => ({
      model: `model-${i}`,
      traceName: 'analysis',
      environment: 'production',
      totalCost: i,
      inputTokens: 1,
      outputTokens: 1,
      latencyMs: 10,
    }));
    fake = await new FakeLangfuse({ observations: many }).start();
    const { config: _limit, ...query } = buildMetricsQuery(WINDOW, Date.now());
    const rows = async (path: string) =>
      (JSON.parse((await get(path, query)).text) as { data: unknown[] }).data.length;
    expect(await rows('/api/public/v2/metrics')).toBe(100);
    expect(await rows('/api/public/metrics')).toBe(150);
  });

  it('answers 404 on v2 after auth when the v4 preview is off, with Langfuse message', async () => {
    fake = await new FakeLangfuse({ observations: OBSERVATIONS, v2Missing: true }).start();
    const { status, text } = await get('/api/public/v2/metrics', buildMetricsQuery(WINDOW, Date.now()));
    expect(status).toBe(404);
    expect(text).toMatch(/only available in a Langfuse v4 write mode/);
    const unauthorized = await fetch(`${fake.url}/api/public/v2/metrics?query=%7B%7D`);
    expect(unauthorized.status).toBe(401);
  });

  it('answers 404 on v1 before auth in v4 events_only mode', async () => {
    fake = await new FakeLangfuse({ observations: OBSERVATIONS, v1Missing: true }).start();
    const unauthorized = await fetch(`${fake.url}/api/public/metrics?query=%7B%7D`);
    expect(unauthorized.status).toBe(404);
    expect(await unauthorized.text()).toMatch(/events_only mode/);
    expect((await get('/api/public/v2/metrics', buildMetricsQuery(WINDOW, Date.now()))).status).toBe(200);
  });
});
