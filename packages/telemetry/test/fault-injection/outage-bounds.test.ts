import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild } from './support/child.js';

const APP = fileURLToPath(new URL('./fixtures/outage-app.cjs', import.meta.url));
const ANALYSES = 20_000; // 3 spans each: 60,000 spans
const MB = 1024 * 1024;

interface RoundReport {
  ended: number;
  queue: number;
  maxQueueSize: number;
  dropped: number;
  heapUsed: number;
}
interface FinalReport {
  ended: number;
  queue: number;
  dropped: number;
  exportedSuccess: number;
  exportedFailure: number;
}

async function runOutage(baseUrl: string, flushAtEnd: boolean) {
  const running = startChild(
    APP,
    {
      LANGFUSE_PUBLIC_KEY: 'pk',
      LANGFUSE_SECRET_KEY: 'sk',
      LANGFUSE_BASE_URL: baseUrl,
      ANALYSES: String(ANALYSES),
      ROUND: '1000',
      FLUSH_AT_END: flushAtEnd ? '1' : '0',
    },
    ['--expose-gc'],
  );
  const result = await running.done;
  expect(result.stderr, result.stderr).not.toMatch(/Error/);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('DONE');
  const lines = result.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as RoundReport & { final?: boolean });
  return {
    rounds: lines.filter((l) => !l.final) as RoundReport[],
    final: lines.find((l) => l.final) as FinalReport | undefined,
  };
}

function summarise(name: string, rounds: RoundReport[], final?: FinalReport) {
  const first = rounds[0] as RoundReport;
  const last = rounds.at(-1) as RoundReport;
  const row = {
    outage: name,
    spansEnded: last.ended,
    maxQueue: Math.max(...rounds.map((r) => r.queue)),
    dropped: last.dropped,
    heapFirstRoundMB: +(first.heapUsed / MB).toFixed(1),
    heapLastRoundMB: +(last.heapUsed / MB).toFixed(1),
    heapMaxMB: +(Math.max(...rounds.map((r) => r.heapUsed)) / MB).toFixed(1),
    ...(final ? { exportedFailure: final.exportedFailure, exportedSuccess: final.exportedSuccess } : {}),
  };
  console.log(`[fault-injection] outage ${JSON.stringify(row)}`);
  return row;
}

/** Bounded queue and heap: the plateau after the first round, not growth with the span count. */
function expectBounded(rounds: RoundReport[]) {
  expect(rounds.length).toBe(ANALYSES / 1000);
  const first = rounds[0] as RoundReport;
  const last = rounds.at(-1) as RoundReport;
  expect(last.ended).toBe(ANALYSES * 3);
  for (const r of rounds) expect(r.queue).toBeLessThanOrEqual(r.maxQueueSize);
  expect(first.maxQueueSize).toBe(2048);
  // The queue filled and spans were dropped rather than buffered.
  expect(last.dropped).toBeGreaterThan(0);
  // 60,000 spans of ~1-2 KB each would be ~100 MB if they were kept; after GC the heap stays flat.
  expect(last.heapUsed - first.heapUsed).toBeLessThan(16 * MB);
  expect(Math.max(...rounds.map((r) => r.heapUsed))).toBeLessThan(96 * MB);
}

describe('a long Langfuse outage keeps the queue and memory bounded (child process, --expose-gc)', () => {
  let receiver: LangfuseReceiverHandle;
  let down: Awaited<ReturnType<typeof runOutage>>;
  let slow: Awaited<ReturnType<typeof runOutage>>;

  beforeAll(async () => {
    receiver = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
    receiver.setMode({ delayMs: 10_000 });
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    [down, slow] = await Promise.all([
      runOutage(`http://127.0.0.1:${port}`, true),
      runOutage(receiver.baseUrl, false),
    ]);
    console.table([
      summarise('down (refused)', down.rounds, down.final),
      summarise('slow (10 s)', slow.rounds),
    ]);
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
  });

  it('endpoint down: queue ≤ maxQueueSize, spans dropped, heap after GC flat over 60,000 spans', () => {
    expectBounded(down.rounds);
  });

  it('endpoint slow (10 s): queue ≤ maxQueueSize, spans dropped, heap after GC flat, the app exits when done', () => {
    // (runOutage checked that the app printed DONE and exited 0 with exports still pending.)
    expectBounded(slow.rounds);
  });

  it('endpoint down: every span is counted as lost in exported_spans_total, including those dropped from the full queue', () => {
    const final = down.final as FinalReport;
    expect(final.queue).toBe(0);
    expect(final.exportedSuccess).toBe(0);
    expect(final.dropped).toBeGreaterThan(0);
    expect(final.exportedFailure).toBe(final.ended);
  });
});
