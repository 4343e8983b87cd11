import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureDiag, parsePrometheusText, startLangfuseReceiver } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { METRICS } from '../src/catalogue.js';
import {
  registerTradingAgentsTelemetry,
  TelemetryConfigError,
  type TelemetryHandle,
  trackAnalysis,
} from '../src/index.js';
import { runWorkload } from './support/workload.js';

async function listenOnFreePort(): Promise<Server> {
  const server = createServer((_req, res) => res.end('taken'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function scrape(handle: TelemetryHandle) {
  return parsePrometheusText(await (await fetch(handle.metricsUrl as string)).text());
}

function exported(families: ReturnType<typeof parsePrometheusText>, result: 'success' | 'failure'): number {
  const samples = families.find((f) => f.name === METRICS.exportedSpans.prometheusName)?.samples ?? [];
  return samples.find((s) => s.labels.exporter === 'langfuse' && s.labels.result === result)?.value ?? 0;
}

describe('faults never reach the app', () => {
  let handle: TelemetryHandle | undefined;
  let logs: ReturnType<typeof captureDiag> | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
    logs?.restore();
  });

  it('keeps running when the metrics port is already in use, and says which port and variable', async () => {
    const blocker = await listenOnFreePort();
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as AddressInfo).port;
    logs = captureDiag();
    handle = registerTradingAgentsTelemetry({ metrics: { port }, handleSignals: false, diagLogger: false });
    await handle.ready;
    expect(handle.metricsUrl).toBeUndefined();
    expect(logs.text()).toContain(`port ${port}`);
    expect(logs.text()).toContain('OTEL_EXPORTER_PROMETHEUS_PORT');
    const result = await trackAnalysis({ ticker: 'NVDA' }, async () => 'still works');
    expect(result).toBe('still works');
  });

  it('serves metrics through a handler mounted on the app server', async () => {
    handle = registerTradingAgentsTelemetry({ metrics: { server: 'none' }, handleSignals: false });
    const mounted = handle.metricsHandler;
    expect(mounted).toBeDefined();
    const app = createServer((req, res) =>
      req.url === '/metrics' && mounted ? mounted(req, res) : res.end('app'),
    );
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => app.close(() => resolve())));
    await runWorkload(['NVDA']);
    const text = await (
      await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/metrics`)
    ).text();
    expect(text).toContain('tradingagents_analyses_total{ticker="NVDA",status="success"} 1');
    expect(handle.metricsUrl).toBeUndefined();
  });

  it('does not throw when the Langfuse endpoint is down, and counts the lost spans', async () => {
    const dead = await listenOnFreePort();
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    logs = captureDiag();
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
      langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: `http://127.0.0.1:${port}`, timeoutSeconds: 2 },
    });
    await handle.ready;
    await expect(runWorkload(['NVDA', 'AAPL'])).resolves.toBeUndefined();
    await handle.forceFlush();
    const families = await scrape(handle);
    expect(exported(families, 'failure')).toBeGreaterThan(0);
    expect(exported(families, 'success')).toBe(0);
    expect(logs.text()).toContain('Langfuse export failed');
  });

  it('does not throw on 401 from Langfuse (bad keys), and counts the failure', async () => {
    const receiver = await startLangfuseReceiver({ publicKey: 'pk-right', secretKey: 'sk-right' });
    cleanups.push(() => receiver.close());
    logs = captureDiag();
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
      langfuse: { publicKey: 'pk-right', secretKey: 'sk-wrong', baseUrl: receiver.baseUrl },
    });
    await handle.ready;
    await runWorkload(['NVDA']);
    await handle.forceFlush();
    expect(receiver.requests.some((r) => r.status === 401)).toBe(true);
    expect(receiver.spans).toHaveLength(0);
    expect(exported(await scrape(handle), 'failure')).toBeGreaterThan(0);
  });

  it('fails fast on invalid explicit options and registers nothing', () => {
    expect(() => registerTradingAgentsTelemetry({ metrics: { port: -1 } })).toThrow(TelemetryConfigError);
    expect(() => registerTradingAgentsTelemetry({ metrics: { port: -1 } })).toThrow('"metrics.port"');
    handle = registerTradingAgentsTelemetry({ metrics: { port: 0 }, handleSignals: false });
    expect(handle.config.metrics.port).toBe(0);
  });

  it('keeps the scraped series at the bound for 100,000 distinct tickers', async () => {
    const maxTickers = 250;
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      cardinality: { maxTickers },
    });
    await handle.ready;
    const distinct = new Set<string>();
    for (let round = 0; round < 4; round++) {
      for (let i = round * 25_000; i < (round + 1) * 25_000; i++) trackAnalysis({ ticker: `T${i}` }, () => i);
      const families = await scrape(handle);
      const analyses = families.find((f) => f.name === METRICS.analyses.prometheusName)?.samples ?? [];
      for (const s of analyses) distinct.add(s.labels.ticker as string);
      expect(analyses.length).toBeLessThanOrEqual(maxTickers + 1);
      const buckets = families.find((f) => f.name === METRICS.analysisDuration.prometheusName)?.samples ?? [];
      expect(new Set(buckets.map((s) => s.labels.ticker)).size).toBeLessThanOrEqual(maxTickers + 1);
    }
    expect(distinct.size).toBe(maxTickers + 1);
    expect(distinct.has('__other__')).toBe(true);
    const families = await scrape(handle);
    const other = families
      .find((f) => f.name === METRICS.analyses.prometheusName)
      ?.samples.find((s) => s.labels.ticker === '__other__');
    expect(other?.value).toBe(100_000 - maxTickers);
    const overflow = families
      .find((f) => f.name === METRICS.labelOverflow.prometheusName)
      ?.samples.find((s) => s.labels.label === 'ticker');
    expect(overflow?.value).toBe(100_000 - maxTickers);
  });
});
