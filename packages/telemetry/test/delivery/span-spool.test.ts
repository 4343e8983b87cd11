/**
 * The spool's file handling: spans survive the round trip to disk byte for byte in the OTLP body,
 * the size bound holds, corrupt and foreign files are skipped and counted (never fatal), claims of
 * dead processes are taken over, and a claimed file is deleted only once its spans are settled.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSpans, encodeSpans } from '../../src/spool/span-codec.js';
import { SpanSpool, type SpoolSkipReason } from '../../src/spool/span-spool.js';

/** Ended spans with every field the OTLP body carries: links, events, trace state, remote parent, status. */
function endedSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'spool-test', 'deployment.environment': 'ci' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('spool-tracer', '1.2.3', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
  });
  const remote = trace.setSpanContext(
    // A remote parent with a trace state: the flags carry is-remote, the trace state is serialised.
    ROOT_CONTEXT,
    {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: new TraceState('vendor=value,other=1'),
    },
  );
  const root = tracer.startSpan('analysis NVDA', { kind: SpanKind.SERVER }, remote);
  root.setAttributes({ ticker: 'NVDA', count: 3, ratio: 0.25, ok: true, tags: ['a', 'b'], nums: [1, 2.5] });
  root.addEvent('started', { step: 1 });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const child = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      links: [{ context: root.spanContext(), attributes: { why: 'follows' } }],
    },
    ctx,
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  child.end();
  root.end();
  return memory.getFinishedSpans();
}

describe('span codec', () => {
  let receiver: LangfuseReceiverHandle | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('a decoded span exports the same OTLP body as the original', async () => {
    receiver = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
    const exporter = new OTLPTraceExporter({
      url: receiver.tracesUrl,
      headers: { Authorization: receiver.authorization },
    });
    const send = (spans: ReadableSpan[]) =>
      new Promise<void>((resolve, reject) =>
        exporter.export(spans, (r) => (r.code === 0 ? resolve() : reject(r.error))),
      );
    const original = endedSpans();
    const restored = decodeSpans(JSON.parse(JSON.stringify(encodeSpans(original))));
    await send(original);
    await send(restored);
    await exporter.shutdown();
    const [a, b] = receiver.requests.map((r) => r.body);
    expect(a).toBeDefined();
    expect(b).toEqual(a);
    // The body carries what we meant to round-trip.
    const text = JSON.stringify(a);
    for (const part of [
      'vendor=value,other=1',
      'rate limited',
      'follows',
      'spool-tracer',
      'schemas/1.30.0',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('rejects what is not a span list, naming the part', () => {
    expect(() => decodeSpans({ resources: [], spans: [{ n: 'x' }] })).toThrow(/span 0/);
    expect(() => decodeSpans([])).toThrow(/not a span list/);
    const good = encodeSpans(endedSpans());
    const badId = JSON.parse(JSON.stringify(good));
    badId.spans[0].c.s = 'nothex!!nothex!!';
    expect(() => decodeSpans(badId)).toThrow(/span context/);
  });
});

describe('SpanSpool', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ta-spool-unit-'));
    dirs.push(dir);
    return dir;
  };
  const spoolIn = (dir: string, options: { destination?: string; maxBytes?: number } = {}) => {
    const events = { written: 0, restored: 0, skipped: [] as SpoolSkipReason[] };
    const spool = new SpanSpool({
      dir,
      pipeline: 'langfuse',
      destination: options.destination ?? 'https://cloud.langfuse.com\npk-1',
      maxBytes: options.maxBytes ?? 1024 * 1024,
      report: {
        spooled: (direction, n) => {
          events[direction] += n;
        },
        skipped: (reason) => events.skipped.push(reason),
      },
    });
    return { spool, events };
  };

  it('writes owner-only files and reads them back once; the file goes when released', async () => {
    const dir = tempDir();
    const { spool, events } = spoolIn(dir);
    const spans = endedSpans();
    expect(spool.write(spans)).toBe(spans.length);
    expect(statSync(join(dir, 'langfuse')).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(join(dir, 'langfuse'));
    expect(statSync(join(dir, 'langfuse', file as string)).mode & 0o777).toBe(0o600);

    const other = spoolIn(dir);
    const claim = await other.spool.claim(100, true);
    expect(claim?.spans.map((s) => s.spanContext().spanId)).toEqual(spans.map((s) => s.spanContext().spanId));
    // Claimed: no one else gets it.
    expect(await spoolIn(dir).spool.claim(100, true)).toBeUndefined();
    other.spool.release(claim as never);
    expect(readdirSync(join(dir, 'langfuse'))).toEqual([]);
    expect(events.written).toBe(spans.length);
    expect(other.events.restored).toBe(spans.length);
  });

  it('keeps to maxBytes: writes the oldest spans that fit and reports how many', () => {
    const dir = tempDir();
    const many = Array.from({ length: 50 }, () => endedSpans()).flat();
    const oneFile = Buffer.byteLength(JSON.stringify(encodeSpans(many)));
    const { spool } = spoolIn(dir, { maxBytes: Math.floor(oneFile / 2) });
    const written = spool.write(many);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(many.length);
    const used = readdirSync(join(dir, 'langfuse')).reduce(
      (n, f) => n + statSync(join(dir, 'langfuse', f)).size,
      0,
    );
    expect(used).toBeLessThanOrEqual(Math.floor(oneFile / 2));
    // Full: nothing more is written.
    expect(spool.write(many)).toBe(0);
  });

  it('skips corrupt files (renamed *.corrupt) and foreign ones (left alone), once each, and goes on', async () => {
    const dir = tempDir();
    const sub = join(dir, 'langfuse');
    mkdirSync(sub, { recursive: true, mode: 0o700 });
    // Ours by name but truncated; a file that is not ours; a spool file for another destination.
    writeFileSync(
      join(sub, 'spans-0000000000001-1-00000001.json'),
      '{"format":"tradingagents-telemetry/span-sp',
    );
    writeFileSync(join(sub, 'notes.txt'), 'hello');
    spoolIn(dir, { destination: 'https://us.cloud.langfuse.com\npk-other' }).spool.write(endedSpans());
    // A valid one of ours, written last.
    const spans = endedSpans();
    spoolIn(dir).spool.write(spans);

    const { spool, events } = spoolIn(dir);
    const claim = await spool.claim(100, true);
    expect(claim?.spans).toHaveLength(spans.length);
    expect(events.skipped.sort()).toEqual(['corrupt', 'foreign', 'foreign']);
    // Skipped once per process, not on every look.
    expect(await spool.claim(100, true)).toBeUndefined();
    expect(events.skipped).toHaveLength(3);
    const names = readdirSync(sub);
    expect(names).toContain('spans-0000000000001-1-00000001.json.corrupt');
    expect(names).toContain('notes.txt');
    // The other destination's file is still there for a process that sends there.
    const theirs = spoolIn(dir, { destination: 'https://us.cloud.langfuse.com\npk-other' });
    expect((await theirs.spool.claim(100, true))?.spans).toHaveLength(spans.length);
  });

  it('takes over a claim whose process is gone, and leaves a living one', async () => {
    const dir = tempDir();
    const { spool } = spoolIn(dir);
    spool.write(endedSpans());
    const sub = join(dir, 'langfuse');
    const [file] = readdirSync(sub);
    // A pid that cannot be alive (above the kernel's pid_max), then our parent's (alive).
    renameSync(join(sub, file as string), join(sub, `${file}.claimed-99999999`));
    const taken = spoolIn(dir).spool;
    const claim = await taken.claim(100, true);
    expect(claim).toBeDefined();
    taken.release(claim as never);

    spool.write(endedSpans());
    const [second] = readdirSync(sub).filter((n) => !n.includes('.claimed-'));
    renameSync(join(sub, second as string), join(sub, `${second}.claimed-${process.ppid}`));
    expect(await spoolIn(dir).spool.claim(100, true)).toBeUndefined();
  });

  it('leaves a file that does not fit the queue for later, unless the queue is empty', async () => {
    const dir = tempDir();
    spoolIn(dir).spool.write(endedSpans());
    const { spool } = spoolIn(dir);
    expect(await spool.claim(1, false)).toBeUndefined();
    expect(readdirSync(join(dir, 'langfuse')).some((n) => n.includes('.claimed-'))).toBe(false);
    expect(await spool.claim(1, true)).toBeDefined();
  });

  it('never throws: an unwritable spool reports 0 written', () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    try {
      if (process.getuid?.() === 0) return; // root writes anyway
      expect(spoolIn(dir).spool.write(endedSpans())).toBe(0);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
