import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type MetricFamily,
  PrometheusParseError,
  parsePrometheusText,
  scrape,
  sumSamples,
} from '../src/index.js';

function family(families: MetricFamily[], name: string): MetricFamily {
  const found = families.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no family ${name}`);
  return found;
}

async function populatedRegistry(): Promise<Registry> {
  const registry = new Registry();
  const calls = new Counter({
    name: 'llm_calls_total',
    help: 'LLM calls.\nSecond line with a \\ backslash.',
    labelNames: ['model', 'outcome'],
    registers: [registry],
  });
  calls.inc({ model: 'gpt-4o-mini', outcome: 'ok' }, 3);
  calls.inc({ model: 'gpt-4o-mini', outcome: 'error' });
  calls.inc({ model: 'odd "model"\\name\nx', outcome: 'ok' }, 2);
  const queue = new Gauge({ name: 'queue_depth', help: 'Queue depth.', registers: [registry] });
  queue.set(Number.POSITIVE_INFINITY);
  const latency = new Histogram({
    name: 'llm_latency_seconds',
    help: 'LLM latency.',
    labelNames: ['model'],
    buckets: [0.1, 1, 10],
    registers: [registry],
  });
  latency.observe({ model: 'gpt-4o-mini' }, 0.05);
  latency.observe({ model: 'gpt-4o-mini' }, 2);
  latency.observe({ model: 'gpt-4o-mini' }, 20);
  const size = new Summary({
    name: 'prompt_chars',
    help: 'Prompt size.',
    percentiles: [0.5, 0.9],
    registers: [registry],
  });
  size.observe(100);
  size.observe(300);
  return registry;
}

describe('parsePrometheusText', () => {
  it('round-trips a real prom-client exposition', async () => {
    const registry = await populatedRegistry();
    const families = parsePrometheusText(await registry.metrics());

    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['llm_calls_total', 'counter'],
      ['queue_depth', 'gauge'],
      ['llm_latency_seconds', 'histogram'],
      ['prompt_chars', 'summary'],
    ]);
    const calls = family(families, 'llm_calls_total');
    expect(calls.help).toBe('LLM calls.\nSecond line with a \\ backslash.');
    expect(calls.samples).toContainEqual({
      name: 'llm_calls_total',
      labels: { model: 'odd "model"\\name\nx', outcome: 'ok' },
      value: 2,
    });
    expect(sumSamples(families, 'llm_calls_total')).toBe(6);
    expect(sumSamples(families, 'llm_calls_total', { outcome: 'ok' })).toBe(5);
    expect(sumSamples(families, 'llm_calls_total', { outcome: 'missing' })).toBe(0);
    expect(family(families, 'queue_depth').samples[0].value).toBe(Number.POSITIVE_INFINITY);

    const latency = family(families, 'llm_latency_seconds');
    expect(latency.samples.map((s) => s.name)).toEqual([
      'llm_latency_seconds_bucket',
      'llm_latency_seconds_bucket',
      'llm_latency_seconds_bucket',
      'llm_latency_seconds_bucket',
      'llm_latency_seconds_sum',
      'llm_latency_seconds_count',
    ]);
    expect(sumSamples(families, 'llm_latency_seconds_bucket', { le: '+Inf' })).toBe(3);
    expect(sumSamples(families, 'llm_latency_seconds_bucket', { le: '1' })).toBe(1);
    expect(sumSamples(families, 'llm_latency_seconds_sum')).toBeCloseTo(22.05);
    expect(sumSamples(families, 'llm_latency_seconds_count', { model: 'gpt-4o-mini' })).toBe(3);

    const summary = family(families, 'prompt_chars');
    expect(summary.samples.find((s) => s.labels.quantile === '0.5')?.value).toBeGreaterThan(0);
    expect(sumSamples(families, 'prompt_chars_count')).toBe(2);
  });

  it('reads NaN, -Inf, timestamps, comments and untyped samples', () => {
    const families = parsePrometheusText(
      [
        '# a plain comment',
        '# HELP temp Temperature.',
        '# TYPE temp gauge',
        'temp{room="a"} NaN 1700000000000',
        'temp{room="b",} -Inf',
        '',
        'bare_metric 1.5e3',
      ].join('\n'),
    );
    const temp = family(families, 'temp');
    expect(Number.isNaN(temp.samples[0].value)).toBe(true);
    expect(temp.samples[0].timestampMs).toBe(1_700_000_000_000);
    expect(temp.samples[1]).toEqual({ name: 'temp', labels: { room: 'b' }, value: Number.NEGATIVE_INFINITY });
    expect(family(families, 'bare_metric')).toEqual({
      name: 'bare_metric',
      type: 'untyped',
      help: '',
      samples: [{ name: 'bare_metric', labels: {}, value: 1500 }],
    });
  });

  it.each([
    ['a value that is not a number', 'foo abc'],
    ['a missing value', 'foo{a="b"}'],
    ['an unknown escape in a label value', 'foo{a="\\t"} 1'],
    ['an unterminated label value', 'foo{a="b} 1'],
    ['a duplicate label', 'foo{a="1",a="2"} 1'],
    ['an invalid metric name', '1foo 1'],
    ['trailing garbage', 'foo 1 2 3'],
    ['a fractional timestamp', 'foo 1 1.5'],
    ['an invalid type', '# TYPE foo countr'],
    ['a second TYPE line', '# TYPE foo counter\n# TYPE foo counter'],
    ['TYPE after samples', 'foo 1\n# TYPE foo counter'],
    ['interleaved families', 'foo 1\nbar 1\nfoo{a="b"} 2'],
    ['a duplicate series', 'foo{a="b"} 1\nfoo{a="b"} 2'],
    ['a bucket without le', '# TYPE h histogram\nh_bucket 1\nh_count 1'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1'],
    ['a count that disagrees with +Inf', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3'],
    ['an invalid HELP escape', '# HELP foo bad \\x escape'],
  ])('throws on %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow(PrometheusParseError);
  });

  it('reports the offending line number', () => {
    try {
      parsePrometheusText('ok 1\nok_two 2\nbroken {');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PrometheusParseError);
      expect((error as PrometheusParseError).line).toBe(3);
    }
  });
});

describe('scrape', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(status: number, body: () => Promise<string>, contentType: string): Promise<string> {
    server = createServer((_req, res) => {
      body().then(
        (text) => {
          res.writeHead(status, { 'content-type': contentType, connection: 'close' });
          res.end(text);
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  }

  it('GETs and parses a live endpoint', async () => {
    const registry = await populatedRegistry();
    const url = await serve(200, () => registry.metrics(), registry.contentType);
    const families = await scrape(url);
    expect(sumSamples(families, 'llm_calls_total', { model: 'gpt-4o-mini' })).toBe(4);
  });

  it('throws on a non-2xx status', async () => {
    const url = await serve(503, async () => 'unavailable', 'text/plain');
    await expect(scrape(url)).rejects.toThrow('HTTP 503');
  });
});
