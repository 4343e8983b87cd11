import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { QueueingSpanExporter } from '../src/queueing-exporter.js';

/** An exporter whose answers the test controls. */
class ManualExporter implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  readonly callbacks: ((result: ExportResult) => void)[] = [];
  inFlight = 0;
  maxInFlight = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.batches.push(spans);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.callbacks.push((result) => {
      this.inFlight--;
      done(result);
    });
  }
  answer(code: ExportResultCode): void {
    this.callbacks.shift()?.({ code });
  }
  async shutdown(): Promise<void> {}
}

function spans(n: number, attributes: Record<string, unknown> = {}): ReadableSpan[] {
  const tracer = new BasicTracerProvider().getTracer('t');
  return Array.from({ length: n }, () => {
    const span = tracer.startSpan('s', { attributes: attributes as never });
    span.end();
    return span as unknown as ReadableSpan;
  });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('QueueingSpanExporter', () => {
  it('batches, keeps one request in flight, and counts exported spans', async () => {
    const inner = new ManualExporter();
    const outcomes: [boolean, number][] = [];
    const queue = new QueueingSpanExporter(inner, 'test', (ok, n) => outcomes.push([ok, n]), {
      maxBatchSize: 3,
      delayMillis: 60_000,
    });
    let accepted = 0;
    for (const span of spans(7))
      queue.export([span], (r) => r.code === ExportResultCode.SUCCESS && accepted++);
    expect(accepted).toBe(7);
    expect(inner.batches.map((b) => b.length)).toEqual([3]);
    inner.answer(ExportResultCode.SUCCESS);
    await tick();
    expect(inner.batches.map((b) => b.length)).toEqual([3, 3]);
    const flushed = queue.forceFlush();
    inner.answer(ExportResultCode.SUCCESS);
    await tick();
    inner.answer(ExportResultCode.SUCCESS);
    await flushed;
    expect(inner.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(inner.maxInFlight).toBe(1);
    expect(queue.stats()).toMatchObject({ queued: 0, exported: 7, failed: 0, dropped: 0 });
    expect(outcomes).toEqual([
      [true, 3],
      [true, 3],
      [true, 1],
    ]);
  });

  it('drops and counts spans past the queue bound', () => {
    const inner = new ManualExporter();
    let lost = 0;
    const queue = new QueueingSpanExporter(
      inner,
      'test',
      (ok, n) => {
        if (!ok) lost += n;
      },
      {
        maxQueueSize: 5,
        maxBatchSize: 100,
        delayMillis: 60_000,
      },
    );
    queue.export(spans(8), () => {});
    expect(queue.stats()).toMatchObject({ queued: 5, failed: 3, dropped: 3 });
    expect(lost).toBe(3);
  });

  it('counts the rest of the queue as lost when a flush meets a failing endpoint', async () => {
    const inner = new ManualExporter();
    const queue = new QueueingSpanExporter(inner, 'test', () => {}, { maxBatchSize: 2, delayMillis: 60_000 });
    queue.export(spans(1), () => {});
    const flushed = queue.forceFlush();
    queue.export(spans(5), () => {});
    inner.answer(ExportResultCode.FAILED);
    await flushed;
    expect(inner.batches).toHaveLength(1);
    expect(queue.stats()).toMatchObject({ queued: 0, exported: 0, failed: 6, dropped: 0 });
  });

  it('sends non-finite numbers as strings so the batch is not rejected', async () => {
    const inner = new ManualExporter();
    const queue = new QueueingSpanExporter(inner, 'test', () => {}, { delayMillis: 0 });
    queue.export(spans(1, { a: Number.NaN, b: 1, c: [1, Number.POSITIVE_INFINITY] }), () => {});
    expect(inner.batches[0]?.[0]?.attributes).toEqual({ a: 'NaN', b: 1, c: ['1', 'Infinity'] });
  });

  it('copes with an exporter that answers synchronously', async () => {
    const exported: number[] = [];
    const sync: SpanExporter = {
      export: (batch, done) => {
        exported.push(batch.length);
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => {},
    };
    const queue = new QueueingSpanExporter(sync, 'sync', () => {}, { maxBatchSize: 2, delayMillis: 60_000 });
    queue.export(spans(5), () => {});
    await queue.forceFlush();
    queue.export(spans(1), () => {});
    await queue.forceFlush();
    expect(exported).toEqual([2, 2, 1, 1]);
    expect(queue.stats()).toMatchObject({ queued: 0, exported: 6 });
  });
});
