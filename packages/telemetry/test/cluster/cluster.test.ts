/**
 * Cluster aggregation with real node:cluster workers (test/fixtures/cluster-app.mjs): four workers
 * each run analyses; the primary's one /metrics shows the sum of the work done; a worker killed
 * with SIGKILL and restarted never makes a counter or histogram go backwards, and its work stays
 * counted; per-process gauges (target_info) are kept per worker with a bounded `worker` label.
 */
import { parsePrometheusText, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterApp, startClusterApp } from '../support/cluster-app.js';

const WORKERS = 4;
const ANALYSES = 10;
let app: ClusterApp;

async function scrape() {
  const response = await fetch(app.url);
  expect(response.status).toBe(200);
  // Prometheus 3 fails a scrape without a valid Content-Type (no fallback protocol configured).
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await response.text());
}
const analyses = (families: ReturnType<typeof parsePrometheusText>) =>
  sumSamples(families, 'tradingagents_analyses_total', { status: 'success' });
const durations = (families: ReturnType<typeof parsePrometheusText>) =>
  sumSamples(families, 'tradingagents_analysis_duration_seconds_count');
const workerLabels = (families: ReturnType<typeof parsePrometheusText>) =>
  (families.find((f) => f.name === 'target_info')?.samples ?? []).map((s) => s.labels.worker).sort();

beforeAll(async () => {
  app = await startClusterApp({
    WORKERS: String(WORKERS),
    ANALYSES: String(ANALYSES),
    WORKER_TIMEOUT_MS: '500',
  });
  await app.waitFor(/^DONE /, WORKERS);
}, 90_000);

afterAll(async () => {
  await app?.stop();
});

describe('node:cluster: one /metrics per host, served by the primary', () => {
  it('sums counters and histograms of the 4 workers: the totals equal the work done', async () => {
    const families = await scrape();
    expect(analyses(families), app.output()).toBe(WORKERS * ANALYSES);
    expect(durations(families)).toBe(WORKERS * ANALYSES);
    expect(sumSamples(families, 'tradingagents_analysis_duration_seconds_bucket', { le: '+Inf' })).toBe(
      WORKERS * ANALYSES,
    );
    expect(sumSamples(families, 'tradingagents_llm_requests_total')).toBe(WORKERS * ANALYSES);
    // In-flight gauges are host totals: summed, no worker label.
    const active = families.find((f) => f.name === 'tradingagents_active_analyses');
    expect(active?.samples.map((s) => [s.labels, s.value])).toEqual([[{}, 0]]);
    // Per-process series keep a bounded worker label, one per process: each worker was collected
    // on its own port (a shared cluster socket would answer for a random worker).
    expect(workerLabels(families)).toEqual(['0', '1', '2', '3']);
    const pids = families.find((f) => f.name === 'target_info')?.samples.map((s) => s.labels.process_pid);
    expect(new Set(pids).size).toBe(WORKERS);
    expect(families.find((f) => f.name === 'tradingagents_analyses_total')?.samples[0]?.labels).toEqual({
      ticker: 'T0',
      status: 'success',
    });
  });

  it('a worker that does not answer counts with its last exposition, and the miss is counted', async () => {
    // The first PID line is the primary's; SIGSTOP freezes a worker without ending it.
    const worker = Number(app.lines.filter((line) => line.startsWith('PID '))[1]?.slice(4));
    process.kill(worker, 'SIGSTOP');
    try {
      const started = performance.now();
      const families = await scrape();
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(analyses(families)).toBe(WORKERS * ANALYSES);
      expect(workerLabels(families)).toEqual(['0', '1', '2', '3']);
      expect(
        sumSamples(families, 'tradingagents_telemetry_internal_errors_total', { component: 'cluster' }),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      process.kill(worker, 'SIGCONT');
    }
  });

  it('a worker killed and restarted makes no counter go backwards, and its work stays counted', async () => {
    app.command('work');
    await app.waitFor(/^DONE /, 2 * WORKERS);
    const before = await scrape();
    expect(analyses(before)).toBe(2 * WORKERS * ANALYSES);

    app.command('kill');
    await app.waitFor(/^EXIT \d+ SIGKILL$/);
    const afterKill = await scrape();
    expect(analyses(afterKill)).toBe(2 * WORKERS * ANALYSES);
    expect(durations(afterKill)).toBe(2 * WORKERS * ANALYSES);

    // The replacement runs its first batch; then every live worker one more.
    await app.waitFor(/^DONE /, 2 * WORKERS + 1);
    const afterRestart = await scrape();
    expect(analyses(afterRestart)).toBe((2 * WORKERS + 1) * ANALYSES);
    app.command('work');
    await app.waitFor(/^DONE /, 3 * WORKERS + 1);
    const later = await scrape();
    expect(analyses(later)).toBe((3 * WORKERS + 1) * ANALYSES);
    expect(durations(later)).toBe((3 * WORKERS + 1) * ANALYSES);
    // The replacement took the dead worker's slot: the label stays within 0..3.
    expect(workerLabels(later)).toEqual(['0', '1', '2', '3']);
  }, 90_000);
});
