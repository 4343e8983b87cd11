/**
 * End-to-end, fleet scale (issue 11): a real Prometheus scrapes the host-level /metrics of a real
 * node:cluster app (packages/telemetry/test/fixtures/cluster-app.mjs, 4 workers, the primary
 * merging them with @tradingagents/telemetry/cluster) every second, while the workers run batches
 * and one is SIGKILLed and replaced. In PromQL no counter ever resets (`resets()` is 0 for the
 * counters and histogram counts) and the totals equal the work done, the dead worker's included.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterApp, startClusterApp } from '../../packages/telemetry/test/support/cluster-app.js';
import { eventually, query } from './support/prometheus-api.js';
import { type RunningServer, startPrometheus, tempDir } from './support/servers.js';

const WORKERS = 4;
const ANALYSES = 10;
let app: ClusterApp;
let prometheus: RunningServer;
const dir = tempDir('cluster-prometheus');

const value = async (expr: string): Promise<number> =>
  Number((await query(prometheus.url, expr))[0]?.value[1]);
/** Waits until Prometheus has scraped `n` more times. */
async function scrapes(n: number): Promise<void> {
  const before = await value('count_over_time(up{job="tradingagents"}[10m])');
  await eventually(
    `${n} more scrapes`,
    async () =>
      (await value('count_over_time(up{job="tradingagents"}[10m])')) >= before + n ? true : undefined,
    30_000,
  );
}

beforeAll(async () => {
  app = await startClusterApp({ WORKERS: String(WORKERS), ANALYSES: String(ANALYSES) });
  // Every worker has announced itself (before its first DONE) when Prometheus starts scraping.
  await app.waitFor(/^DONE /, WORKERS);
  const config = join(dir.path, 'prometheus.yml');
  writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ job_name: 'tradingagents', static_configs: [{ targets: [new URL(app.url).host] }] }],
    }),
  );
  prometheus = await startPrometheus(config);
  await eventually('the host-level endpoint up', async () =>
    (await value('up{job="tradingagents"}')) === 1 ? true : undefined,
  );
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await prometheus?.stop();
  dir.cleanup();
});

describe('e2e: Prometheus scrapes a node:cluster app through the primary', () => {
  it('sees no counter reset when a worker dies and restarts, and totals equal the work done', async () => {
    await scrapes(2);
    app.command('work');
    await app.waitFor(/^DONE /, 2 * WORKERS);
    await scrapes(2);
    app.command('kill');
    await app.waitFor(/^EXIT \d+ SIGKILL$/);
    await scrapes(2);
    await app.waitFor(/^DONE /, 2 * WORKERS + 1);
    app.command('work');
    await app.waitFor(/^DONE /, 3 * WORKERS + 1);
    await scrapes(3);

    const total = (3 * WORKERS + 1) * ANALYSES;
    expect(await value('sum(tradingagents_analyses_total)'), app.output()).toBe(total);
    expect(await value('sum(tradingagents_analysis_duration_seconds_count)')).toBe(total);
    for (const series of [
      'tradingagents_analyses_total',
      'tradingagents_llm_requests_total',
      'tradingagents_llm_tokens_total',
      'tradingagents_analysis_duration_seconds_count',
      'tradingagents_analysis_duration_seconds_bucket',
    ]) {
      const resets = await query(prometheus.url, `resets(${series}[10m]) > 0`);
      expect(resets, series).toEqual([]);
    }
    // The whole history is there and never goes down: the max over the range is the last value.
    expect(await value('max_over_time(sum(tradingagents_analyses_total)[10m:1s])')).toBe(total);
    expect(await value('min_over_time(sum(tradingagents_analyses_total)[10m:1s])')).toBe(WORKERS * ANALYSES);
  }, 120_000);
});
