/**
 * End-to-end (issue 10): from a Prometheus exemplar to the Langfuse trace. The TradingAgents example
 * app (offline LLM, `--loop`, spans to a Langfuse receiver) is scraped by Debian's Prometheus 2.42
 * with the repository's prometheus.yml and command line (`--enable-feature=exemplar-storage`): the
 * app answers Prometheus's OpenMetrics Accept header with exemplars, Prometheus parses them without
 * scrape errors and stores them, and `/api/v1/query_exemplars` for the analysis duration and the
 * LLM cost returns trace ids that the Langfuse receiver got, for the same ticker and agent.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LangfuseReceiverHandle,
  parseOpenMetricsText,
  parsePrometheusText,
  startLangfuseReceiver,
} from '../../packages/testkit/src/index.js';
import { renderStack } from '../stack/render.js';
import { type RunningApp, startApp } from './support/app.js';
import { eventually, query } from './support/prometheus-api.js';
import { freePort, type RunningServer, startPrometheus, tempDir } from './support/servers.js';

/** What Prometheus 2.42 sends when it scrapes. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

let prometheus: RunningServer;
let app: RunningApp;
let langfuse: LangfuseReceiverHandle;
let dir: ReturnType<typeof tempDir>;
/** When the app answered /metrics: scrapes before that fail (the app was still starting). */
let appReadyAt: number;

async function queryExemplars(expr: string, start: number, end: number): Promise<ExemplarSeries[]> {
  const params = new URLSearchParams({ query: expr, start: String(start), end: String(end) });
  const response = await fetch(`${prometheus.url}/api/v1/query_exemplars?${params}`);
  const body = (await response.json()) as { status: string; error?: string; data?: ExemplarSeries[] };
  if (body.status !== 'success') throw new Error(`${body.error ?? response.status}: ${expr}`);
  return body.data ?? [];
}

const value = async (expr: string): Promise<number | undefined> => {
  const [sample] = await query(prometheus.url, expr);
  return sample === undefined ? undefined : Number(sample.value[1]);
};

beforeAll(async () => {
  const keys = { publicKey: 'pk-lf-exemplars', secretKey: 'sk-lf-exemplars' };
  langfuse = await startLangfuseReceiver(keys);
  const [appPort, prometheusPort] = [await freePort(), await freePort()];
  dir = tempDir('exemplars-stack');
  // Only Prometheus and the app: the other jobs' targets are down, which does not concern the app's.
  const rendered = renderStack({
    dir: dir.path,
    ports: { prometheus: prometheusPort, alertmanager: 1, nodeExporter: 1, postgresExporter: 1 },
    appTargets: [`127.0.0.1:${appPort}`],
    interval: '1s',
  });
  // Its own port as rendered: Prometheus scrapes itself (job prometheus), for its exemplar counters.
  prometheus = await startPrometheus(rendered.prometheusConfig, prometheusPort);
  app = await startApp({ port: appPort, langfuse: { baseUrl: langfuse.baseUrl, ...keys } });
  appReadyAt = Date.now();
  await eventually(
    'seven successful scrapes of the app, with analyses',
    async () =>
      // Successful scrapes: Prometheus may have scraped the port (up == 0) before the app listened.
      ((await value('sum_over_time(up{job="tradingagents"}[1m])')) ?? 0) >= 7 &&
      ((await value('sum(tradingagents_analyses_total{job="tradingagents"})')) ?? 0) >= 3
        ? true
        : undefined,
    60_000,
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}\n--- app\n${app?.logs().slice(-3000)}\n--- prometheus\n${prometheus?.logs().slice(-3000)}`,
    );
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await prometheus?.stop();
  await langfuse?.close();
  dir?.cleanup();
});

describe('e2e: exemplars from the app through Prometheus to Langfuse traces', () => {
  it('Prometheus scrapes the app in OpenMetrics without errors, the same samples as the text format', async () => {
    // Every scrape since the app was up succeeded (OpenMetrics parsed without error).
    const since = Math.floor((Date.now() - appReadyAt) / 1000) - 1;
    expect(since).toBeGreaterThanOrEqual(4);
    expect(await value(`min_over_time(up{job="tradingagents"}[${since}s])`)).toBe(1);
    expect(await value(`count_over_time(up{job="tradingagents"}[${since}s])`)).toBeGreaterThanOrEqual(4);
    // The app answers Prometheus's Accept header with OpenMetrics, and the text format otherwise;
    // Prometheus stores as many samples per scrape as the text format holds. Counted anew each try:
    // the series set grows until every ticker, agent and model has run.
    const samples = async (accept?: string) => {
      const response = await fetch(app.metricsUrl, accept ? { headers: { accept } } : {});
      const body = await response.text();
      const families = accept ? parseOpenMetricsText(body) : parsePrometheusText(body);
      return {
        type: response.headers.get('content-type'),
        count: families.reduce((n, f) => n + f.samples.length, 0),
      };
    };
    await eventually(
      'scrape_samples_scraped equal to the samples of both formats',
      async () => {
        const scraped = await value('scrape_samples_scraped{job="tradingagents"}');
        const [text, om] = [await samples(), await samples(PROMETHEUS_ACCEPT)];
        expect(om.type).toContain('application/openmetrics-text');
        if (scraped === text.count && text.count === om.count) return true;
        throw new Error(`scraped ${scraped}, text ${text.count}, OpenMetrics ${om.count}`);
      },
      30_000,
    );
    await eventually('Prometheus scraped itself', async () =>
      (await value('prometheus_tsdb_exemplar_exemplars_appended_total')) === undefined ? undefined : true,
    );
    expect(await value('prometheus_tsdb_exemplar_exemplars_appended_total')).toBeGreaterThan(0);
    // Exemplar timestamps only move forward per series: none rejected as out of order.
    expect(await value('prometheus_target_scrapes_exemplar_out_of_order_total')).toBe(0);
    expect(await value('prometheus_tsdb_exemplar_out_of_order_exemplars_total')).toBe(0);
  });

  it('query_exemplars of the analysis duration and the LLM cost names traces Langfuse got, of the same ticker and agent', async () => {
    const end = Date.now() / 1000;
    const start = end - 300;
    const durations = await queryExemplars(
      'tradingagents_analysis_duration_seconds_bucket{job="tradingagents"}',
      start,
      end,
    );
    const costs = await queryExemplars('tradingagents_llm_cost_usd_total{job="tradingagents"}', start, end);
    const all = [...durations, ...costs].flatMap((s) =>
      s.exemplars.map((e) => ({ series: s.seriesLabels, ...e })),
    );
    expect(durations.flatMap((s) => s.exemplars).length).toBeGreaterThan(0);
    expect(costs.flatMap((s) => s.exemplars).length).toBeGreaterThan(0);
    for (const e of all) {
      expect(e.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(e.labels.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    // Spans reach the receiver in batches: wait until every exemplar's span arrived.
    await eventually(
      'the span of every exemplar at the Langfuse receiver',
      async () =>
        all.every((e) => langfuse.spans.some((s) => s.spanId === e.labels.span_id)) ? true : undefined,
      30_000,
    );
    const traces = langfuse.traces();
    const observations = langfuse.observations();
    for (const series of durations) {
      for (const e of series.exemplars) {
        const trace = traces.find((t) => t.id === e.labels.trace_id);
        expect(trace?.name, `trace ${e.labels.trace_id}`).toBe(`analysis ${series.seriesLabels.ticker}`);
        // The exemplar is the analysis span itself, and its value the analysis' duration.
        expect(trace?.rootObservationId).toBe(e.labels.span_id);
        const le =
          series.seriesLabels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(series.seriesLabels.le);
        expect(Number(e.value)).toBeLessThanOrEqual(le);
      }
    }
    for (const series of costs) {
      for (const e of series.exemplars) {
        const generation = observations.find((o) => o.id === e.labels.span_id);
        expect(generation?.traceId).toBe(e.labels.trace_id);
        expect(generation?.type).toBe('generation');
        const agent = observations.find((o) => o.id === generation?.parentObservationId);
        expect(agent?.name).toBe(`invoke_agent ${series.seriesLabels.agent_name}`);
        expect(traces.find((t) => t.id === e.labels.trace_id)?.name).toMatch(/^analysis (NVDA|AAPL|MSFT)$/);
      }
    }
  });
});
