/**
 * Issue 14's delivery acceptance: an app keeps running analyses while Langfuse goes away for 30 s
 * (connection refused: nothing listens on its port), comes back hanging (requests time out), then
 * answers 429 and 503, then heals. Within the retry bound no span is lost and every span reaches
 * Langfuse exactly once: the receiver never stores a request the exporter gave up on (it stores a
 * body only when it answers), so a retried timeout is not a duplicate here. Real Langfuse would
 * upsert a repeated span by its id anyway (observations are keyed by span id).
 */
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '@tradingagents/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  registerTradingAgentsTelemetry,
  type TelemetryHandle,
  trackAgent,
  trackAnalysis,
  trackLlmCall,
} from '../../src/index.js';
import { TRACER_NAME } from '../../src/instrumentation-api.js';

const PK = 'pk-outage';
const SK = 'sk-outage';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every span of ours that ended, by id: what Langfuse must receive. */
class EndedSpans implements SpanProcessor {
  readonly ids = new Set<string>();
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    if (span.instrumentationScope.name === TRACER_NAME) this.ids.add(span.spanContext().spanId);
  }
  forceFlush = async () => {};
  shutdown = async () => {};
}

async function analysis(i: number): Promise<void> {
  await trackAnalysis({ ticker: `T${i % 7}` }, () =>
    trackAgent('market_analyst', () =>
      trackLlmCall({ model: 'gpt-4o-mini' }, async (generation) =>
        generation.setUsage({ input: 100, output: 20 }),
      ),
    ),
  );
}

describe('delivery through a Langfuse outage', () => {
  let receiver: LangfuseReceiverHandle | undefined;
  let handle: TelemetryHandle | undefined;
  afterAll(async () => {
    await handle?.shutdown();
    await receiver?.close();
  });

  it('loses nothing through 30 s refused, a hang, 429 and 503, and delivers every span once', async () => {
    receiver = await startLangfuseReceiver({ publicKey: PK, secretKey: SK });
    const port = Number(new URL(receiver.baseUrl).port);
    const ended = new EndedSpans();
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
      spanProcessors: [ended],
      langfuse: {
        publicKey: PK,
        secretKey: SK,
        baseUrl: receiver.baseUrl,
        timeoutSeconds: 1,
        flushAt: 20,
        flushIntervalSeconds: 0.2,
        // The bound in size: ~60 spans a second through ~40 s of outage fit.
        maxQueueSize: 10_000,
      },
    });
    let running = true;
    let count = 0;
    const app = (async () => {
      while (running) {
        await analysis(count++);
        await sleep(40);
      }
    })();
    const phase = async (ms: number) => sleep(ms);

    await phase(1_000); // healthy
    const first = receiver.spans.map((s) => s.spanId);
    await receiver.close(); // gone: connection refused
    await phase(30_000);
    receiver = await startLangfuseReceiver({ publicKey: PK, secretKey: SK, port });
    const seenBefore = receiver.spans.length;
    receiver.setMode({ delayMs: 5_000 }); // back, but hanging past the 1 s timeout
    await phase(4_000);
    receiver.setMode({ status: 429 });
    await phase(2_000);
    receiver.setMode({ status: 503 });
    await phase(2_000);
    receiver.setMode(undefined); // healed
    running = false;
    await app;
    const h = handle;
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      (h.exportStats().langfuse?.received ?? 0) > (h.exportStats().langfuse?.exported ?? 0)
    ) {
      await sleep(200);
    }
    await h.forceFlush();

    const stats = h.exportStats().langfuse;
    expect(stats?.lost).toEqual({
      queue_full: 0,
      rejected: 0,
      retry_expired: 0,
      flush_failed: 0,
      after_shutdown: 0,
      spool_full: 0,
    });
    expect(stats?.failed).toBe(0);
    expect(stats?.exported).toBe(stats?.received);
    expect(seenBefore).toBe(0);
    const second = receiver.spans.map((s) => s.spanId);
    const all = [...first, ...second];
    // Exactly once: no span twice, across both receivers…
    expect(new Set(all).size).toBe(all.length);
    // …and every span of ours that ended is there.
    expect(new Set(all)).toEqual(ended.ids);
    expect(second.length).toBeGreaterThan(first.length);
    expect(count).toBeGreaterThan(100);
  }, 120_000);
});
