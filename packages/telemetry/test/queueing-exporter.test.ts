import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { captureDiag } from '@tradingagents/testkit';
import { describe, expect, it } from 'vitest';
import { type LossReason, QueueingSpanExporter } from '../src/queueing-exporter.js';

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
  answer(code: ExportResultCode, error?: Error): void {
    this.callbacks.shift()?.({ code, error });
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

  describe('retry with backoff', () => {
    /** An OTLP exporter error as the OTel HTTP transport builds it (`code` is the HTTP status). */
    const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { code: status });
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const books = (queue: QueueingSpanExporter) => {
      const s = queue.stats();
      return s.exported + s.failed + s.queued + s.inFlight;
    };

    function retrying(maxRetryMillis = 60_000) {
      const inner = new ManualExporter();
      const losses: [number, LossReason | undefined][] = [];
      const queue = new QueueingSpanExporter(
        inner,
        'Langfuse',
        (ok, n, reason) => ok || losses.push([n, reason]),
        {
          maxBatchSize: 2,
          delayMillis: 0,
          maxRetryMillis,
          // Long enough that a loaded machine reaches the assertions before the retry fires.
          backoff: { initialMillis: 300, maxMillis: 600 },
          rejectionHint: 'LANGFUSE_PUBLIC_KEY',
        },
      );
      return { inner, queue, losses };
    }

    it.each([
      [
        'no answer (connection refused)',
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      ],
      ['the exporter gave up retrying', new Error('Export failed with retryable status')],
      ['HTTP 503', httpError(503)],
      ['HTTP 429', httpError(429)],
      ['HTTP 408', httpError(408)],
      ['HTTP 500', httpError(500)],
    ])(
      'keeps a batch that failed with %s and sends it again after a backoff, in order, once',
      async (_name, error) => {
        const logs = captureDiag();
        const { inner, queue, losses } = retrying();
        const sent = spans(3);
        queue.export(sent, () => {});
        expect(inner.batches.map((b) => b.length)).toEqual([2]);
        inner.answer(ExportResultCode.FAILED, error);
        await tick();
        // Not lost: back at the head of the queue, waiting for the backoff.
        expect(queue.stats()).toMatchObject({ received: 3, queued: 3, failed: 0, retrying: true });
        expect(inner.batches).toHaveLength(1);
        await wait(700);
        expect(inner.batches.map((b) => b.length)).toEqual([2, 2]);
        expect(inner.batches[1]).toEqual(inner.batches[0]);
        inner.answer(ExportResultCode.SUCCESS);
        await tick();
        inner.answer(ExportResultCode.SUCCESS);
        await tick();
        expect(inner.batches.flat()).toHaveLength(5); // the first batch twice, then the last span
        expect(queue.stats()).toMatchObject({ exported: 3, failed: 0, queued: 0, retrying: false });
        expect(losses).toEqual([]);
        expect(books(queue)).toBe(3);
        expect(logs.text()).toContain('Langfuse export failed');
        expect(logs.text()).toContain('retrying with backoff');
        logs.restore();
      },
    );

    it('drops a batch the endpoint rejects (4xx), once, and says what to check', async () => {
      const logs = captureDiag();
      const { inner, queue, losses } = retrying();
      queue.export(spans(4), () => {});
      inner.answer(ExportResultCode.FAILED, httpError(401));
      await tick();
      inner.answer(ExportResultCode.FAILED, httpError(401));
      await tick();
      expect(inner.batches).toHaveLength(2);
      expect(losses).toEqual([
        [2, 'rejected'],
        [2, 'rejected'],
      ]);
      expect(queue.stats()).toMatchObject({ failed: 4, queued: 0, lost: { rejected: 4 } });
      expect(books(queue)).toBe(4);
      expect(logs.text().match(/answered HTTP 401/g)).toHaveLength(1);
      expect(logs.text()).toContain('Check LANGFUSE_PUBLIC_KEY');
      logs.restore();
    });

    it('retries an outage for the bound, then drops the batches it keeps failing, oldest first', async () => {
      const { inner, queue, losses } = retrying(100);
      queue.export(spans(4), () => {});
      const error = httpError(503);
      const deadline = Date.now() + 2000;
      while (losses.length === 0 && Date.now() < deadline) {
        if (inner.callbacks.length > 0) inner.answer(ExportResultCode.FAILED, error);
        await wait(5);
      }
      expect(losses[0]).toEqual([2, 'retry_expired']);
      expect(inner.batches.length).toBeGreaterThan(2);
      expect(queue.stats()).toMatchObject({ lost: { retry_expired: 2 }, retrying: true });
      expect(queue.stats().queued + queue.stats().inFlight).toBe(2);
      expect(books(queue)).toBe(4);
      // The endpoint is back: the rest goes through and the outage is over.
      while (inner.callbacks.length === 0) await wait(5);
      inner.answer(ExportResultCode.SUCCESS);
      await tick();
      expect(queue.stats()).toMatchObject({ exported: 2, failed: 2, queued: 0, retrying: false });
    });

    it('does not wait for a backoff when flushed: a final flush sends now, and counts what it cannot', async () => {
      const { inner, queue, losses } = retrying();
      queue.export(spans(3), () => {});
      inner.answer(ExportResultCode.FAILED, httpError(503));
      await tick();
      const flushed = queue.forceFlush();
      await tick();
      expect(inner.batches).toHaveLength(2); // sent at once, not after the backoff
      inner.answer(ExportResultCode.FAILED, httpError(503));
      await flushed;
      expect(losses).toEqual([
        [2, 'flush_failed'],
        [1, 'flush_failed'],
      ]);
      expect(books(queue)).toBe(3);
    });
  });
});
