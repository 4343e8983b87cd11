import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  captureDiag,
  type LangfuseReceiverHandle,
  type LangfuseReceiverMode,
  type MetricFamily,
  parsePrometheusText,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/catalogue.js';
import { registerTradingAgentsTelemetry, type TelemetryHandle } from '../../src/index.js';
import { type AppRun, median, runTradingApp } from './support/trading-app.js';

const ANALYSES = 20;
const PK = 'pk-fault';
const SK = 'sk-fault';

interface Fault {
  name: string;
  /** Receiver misbehaviour, or `refused` for a port nobody listens on. */
  mode: LangfuseReceiverMode | 'refused';
  /** Whether spans are lost (counted as failures) under this fault: only when Langfuse rejects them. */
  lost: boolean;
  /** Whether the export is retried with backoff (nothing lost while the fault lasts, all sent after). */
  retried?: boolean;
  /** Message expected in the diag log. */
  logged?: RegExp;
}

const RETRIED = /Langfuse export failed .*retrying with backoff/;
const FAULTS: Fault[] = [
  { name: 'slow (10 s)', mode: { delayMs: 10_000 }, lost: false, retried: true, logged: RETRIED },
  { name: 'HTTP 500', mode: { status: 500 }, lost: false, retried: true, logged: RETRIED },
  { name: 'HTTP 503', mode: { status: 503 }, lost: false, retried: true, logged: RETRIED },
  // Retrying cannot fix wrong keys: dropped at once, with what to check.
  { name: 'HTTP 401', mode: { status: 401 }, lost: true, logged: /answered HTTP 401.*LANGFUSE_PUBLIC_KEY/ },
  { name: 'connection refused', mode: 'refused', lost: false, retried: true, logged: RETRIED },
  {
    name: 'connection reset (hang-up)',
    mode: { hangUp: true },
    lost: false,
    retried: true,
    logged: RETRIED,
  },
  // The spans were stored; only the response body is garbage.
  { name: 'malformed response body', mode: { malformedBody: true }, lost: false },
];

function exported(families: MetricFamily[], result: 'success' | 'failure'): number {
  const samples = families.find((f) => f.name === METRICS.exportedSpans.prometheusName)?.samples ?? [];
  return samples.find((s) => s.labels.exporter === 'langfuse' && s.labels.result === result)?.value ?? 0;
}

async function scrapeHandle(handle: TelemetryHandle): Promise<MetricFamily[]> {
  return parsePrometheusText(await (await fetch(handle.metricsUrl as string)).text());
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function register(baseUrl: string): TelemetryHandle {
  return registerTradingAgentsTelemetry({
    metrics: { port: 0 },
    handleSignals: false,
    diagLogger: false,
    langfuse: { publicKey: PK, secretKey: SK, baseUrl },
  });
}

/** Polls until `check` holds, for faults whose effect shows only after the export timeout. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

describe('Langfuse endpoint faults never reach the app', () => {
  let receiver: LangfuseReceiverHandle;
  let baseline: AppRun;
  const env = { ...process.env };
  const report: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // Small batches sent often, so that exports are in flight *while* the analyses run.
    process.env.LANGFUSE_FLUSH_AT = '5';
    process.env.LANGFUSE_FLUSH_INTERVAL = '0.05';
    receiver = await startLangfuseReceiver({ publicKey: PK, secretKey: SK });
    // The app without telemetry: the reference for results and calls.
    await runTradingApp(5); // warm-up, not measured
    baseline = await runTradingApp(ANALYSES);
  });

  afterAll(async () => {
    await receiver?.close();
    process.env = env;
    console.log(
      `[fault-injection] app-path latency per analysis (median of ${ANALYSES}, batched export, flushAt 5):`,
    );
    console.table(report);
  });

  it.each(FAULTS)(
    '$name: same results, app path does not wait, nothing lost but what Langfuse rejects',
    async (fault) => {
      const logs = captureDiag();
      let handle: TelemetryHandle | undefined;
      try {
        // Healthy receiver first, in the same test, as the latency reference.
        receiver.setMode(undefined);
        handle = register(receiver.baseUrl);
        await handle.ready;
        await runTradingApp(5); // warm-up, not measured
        const healthy = await runTradingApp(ANALYSES);
        await handle.forceFlush();
        expect(receiver.spans.length).toBeGreaterThan(0);
        await handle.shutdown();

        const before = receiver.spans.length;
        const baseUrl = fault.mode === 'refused' ? await closedPortUrl() : receiver.baseUrl;
        if (fault.mode !== 'refused') receiver.setMode(fault.mode);
        handle = register(baseUrl);
        await handle.ready;
        await runTradingApp(5); // warm-up, not measured
        const faulty = await runTradingApp(ANALYSES);

        // The app's calls and results are the same as without telemetry.
        expect(faulty.results).toEqual(baseline.results);
        expect(faulty.calls).toEqual(baseline.calls);
        expect(healthy.results).toEqual(baseline.results);
        // Behavioural bound, not a benchmark: the app path never waits for an export.
        expect(faulty.totalMs).toBeLessThan(5000);

        const h = handle;
        // Spans ended so far have been handed to the exporter; the 10 s case fails at the 5 s export timeout.
        await eventually(async () => {
          const families = await scrapeHandle(h);
          if (fault.retried) return h.exportStats().langfuse?.retrying === true;
          return fault.lost ? exported(families, 'failure') > 0 : exported(families, 'success') > 0;
        }, 9000);
        const families = await scrapeHandle(h);
        if (fault.lost) {
          expect(exported(families, 'failure')).toBeGreaterThan(0);
          expect(exported(families, 'success')).toBe(0);
          if (fault.mode !== 'refused') expect(receiver.spans.length).toBe(before);
        } else if (fault.retried) {
          // Nothing lost while the fault lasts: the spans wait in the queue for the retry.
          expect(exported(families, 'failure')).toBe(0);
          expect(exported(families, 'success')).toBe(0);
          const stats = h.exportStats().langfuse;
          expect(stats?.failed).toBe(0);
          expect((stats?.queued ?? 0) + (stats?.inFlight ?? 0)).toBe(stats?.received);
        } else {
          expect(exported(families, 'success')).toBeGreaterThan(0);
          expect(receiver.spans.length).toBeGreaterThan(before);
        }
        if (fault.logged) expect(logs.text()).toMatch(fault.logged);
        if (fault.retried && fault.mode !== 'refused') {
          // Langfuse is back: the next retry sends every span that waited, none lost.
          receiver.setMode(undefined);
          await eventually(
            async () =>
              (h.exportStats().langfuse?.queued ?? 1) === 0 && h.exportStats().langfuse?.inFlight === 0,
            20_000,
          );
          const stats = h.exportStats().langfuse;
          expect(stats).toMatchObject({ failed: 0, retrying: false });
          expect(stats?.exported).toBe(stats?.received);
          expect(receiver.spans.length - before).toBe(stats?.received);
        }

        const row = {
          fault: fault.name,
          'healthy median ms': round(median(healthy.latenciesMs)),
          'fault median ms': round(median(faulty.latenciesMs)),
          'added ms': round(median(faulty.latenciesMs) - median(healthy.latenciesMs)),
          'no-telemetry median ms': round(median(baseline.latenciesMs)),
          [`total ms (${ANALYSES})`]: Math.round(faulty.totalMs),
          'spans failed': exported(families, 'failure'),
          'spans ok': exported(families, 'success'),
        };
        report.push(row);
        console.log(`[fault-injection] ${JSON.stringify(row)}`);
      } finally {
        receiver.setMode(undefined);
        await handle?.shutdown();
        logs.restore();
      }
    },
    60_000,
  );
});
