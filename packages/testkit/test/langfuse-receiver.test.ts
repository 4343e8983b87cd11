import { gzipSync } from 'node:zlib';
import { type Context, context, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '../src/index.js';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** Passes spans to the real exporter and records what it reported. */
class RecordingExporter implements SpanExporter {
  readonly results: ExportResult[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      this.results.push(result);
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

interface Pipeline {
  tracer: Tracer;
  exporter: RecordingExporter;
  provider: BasicTracerProvider;
}

const SUCCESS = 0;
const FAILED = 1;

let receiver: LangfuseReceiverHandle;
const providers: BasicTracerProvider[] = [];

function pipeline(options: { authorization?: string; compression?: 'gzip' | 'none' } = {}): Pipeline {
  const exporter = new RecordingExporter(
    new OTLPTraceExporter({
      url: receiver.tracesUrl,
      headers: { Authorization: options.authorization ?? receiver.authorization },
      compression: options.compression === 'gzip' ? ('gzip' as never) : ('none' as never),
      timeoutMillis: 2000,
    }),
  );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'trading-app',
      'service.version': '1.2.3',
      'deployment.environment.name': 'staging',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  providers.push(provider);
  return { tracer: provider.getTracer('tradingagents-test', '0.1.0'), exporter, provider };
}

function child(
  tracer: Tracer,
  parent: Context,
  name: string,
  attributes: Record<string, string | number | string[]>,
) {
  return tracer.startSpan(name, { attributes }, parent);
}

beforeEach(async () => {
  receiver = await startLangfuseReceiver({ publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' });
});

afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
  await receiver.close();
});

describe('OTLP ingestion', () => {
  it('maps real exported spans to Langfuse traces and observations', async () => {
    const { tracer, provider, exporter } = pipeline();
    const root = tracer.startSpan('analyze ACME', {
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'user.id': 'user-1',
        'session.id': 'session-1',
        'langfuse.trace.tags': '["equity","daily"]',
        'langfuse.trace.input': '{"ticker":"ACME"}',
        'langfuse.trace.metadata.team': 'quant',
      },
    });
    const ctx = trace.setSpan(context.active(), root);

    const chat = child(tracer, ctx, 'chat gpt-4o-mini', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cost': 0.0012,
      'gen_ai.input.messages': '[{"role":"user","content":"Analyze ACME"}]',
      'langfuse.trace.name': 'ACME daily analysis',
    });
    chat.end();

    const explicit = child(tracer, ctx, 'llm call', {
      'langfuse.observation.model.name': 'custom-model',
      'langfuse.observation.usage_details': '{"input":10,"output":4,"cache_read":2}',
      'langfuse.observation.cost_details': '{"input":0.01,"output":0.02}',
      'gen_ai.usage.input_tokens': 999,
      'langfuse.observation.metadata.step': 'draft',
    });
    explicit.end();

    const tool = child(tracer, ctx, 'execute_tool get_price', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_price',
      'gen_ai.tool.call.arguments': '{"ticker":"ACME"}',
      'gen_ai.tool.call.result': '{"price":42}',
    });
    tool.end();

    const failing = child(tracer, ctx, 'fetch news', {});
    failing.setStatus({ code: SpanStatusCode.ERROR, message: 'news feed down' });
    failing.end();

    const badUsage = child(tracer, ctx, 'bad usage', {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.usage_details': 'not json',
      'gen_ai.usage.input_tokens': 5,
    });
    badUsage.end();

    const plain = child(tracer, ctx, 'aggregate', { 'gen_ai.usage.input_tokens': 7 });
    plain.end();

    root.end();
    await provider.forceFlush();

    expect(exporter.results.every((result) => result.code === SUCCESS)).toBe(true);
    expect(receiver.spans).toHaveLength(7);
    expect(receiver.requests.every((request) => request.status === 200)).toBe(true);
    expect(receiver.requests[0].headers['content-type']).toBe('application/json');

    const traces = receiver.traces();
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      id: root.spanContext().traceId,
      name: 'ACME daily analysis',
      userId: 'user-1',
      sessionId: 'session-1',
      tags: ['equity', 'daily'],
      environment: 'staging',
      version: '1.2.3',
      release: null,
      input: { ticker: 'ACME' },
      rootObservationId: root.spanContext().spanId,
    });
    expect(traces[0].metadata).toMatchObject({
      team: 'quant',
      resourceAttributes: { 'service.name': 'trading-app' },
    });
    expect(traces[0].observationIds).toHaveLength(7);

    const byName = new Map(receiver.observations().map((observation) => [observation.name, observation]));
    expect(byName.get('analyze ACME')).toMatchObject({ type: 'agent', parentObservationId: null });
    expect(byName.get('chat gpt-4o-mini')).toMatchObject({
      type: 'generation',
      parentObservationId: root.spanContext().spanId,
      model: 'gpt-4o-mini-2024-07-18',
      modelParameters: { temperature: 0.2 },
      usageDetails: { input: 120, output: 30 },
      costDetails: { total: 0.0012 },
      input: [{ role: 'user', content: 'Analyze ACME' }],
      environment: 'staging',
      level: 'DEFAULT',
      scope: { name: 'tradingagents-test', version: '0.1.0' },
    });
    expect(byName.get('llm call')).toMatchObject({
      type: 'generation',
      model: 'custom-model',
      usageDetails: { input: 10, output: 4, cache_read: 2 },
      costDetails: { input: 0.01, output: 0.02 },
      metadata: { step: 'draft' },
      issues: [],
    });
    expect(byName.get('get_price')).toMatchObject({
      type: 'tool',
      input: { ticker: 'ACME' },
      output: { price: 42 },
    });
    expect(byName.get('fetch news')).toMatchObject({
      type: 'span',
      level: 'ERROR',
      statusMessage: 'news feed down',
    });
    const bad = byName.get('bad usage');
    expect(bad?.usageDetails).toEqual({ input: 5 });
    expect(bad?.issues[0]).toContain('langfuse.observation.usage_details is not valid JSON');
    // No model attribute: a plain span, and Langfuse drops usage on spans.
    expect(byName.get('aggregate')).toMatchObject({ type: 'span', usageDetails: {}, model: null });

    const start = byName.get('chat gpt-4o-mini')?.startTime ?? '';
    expect(new Date(start).toISOString()).toBe(start);
  });

  it('accepts gzip-compressed bodies', async () => {
    const { tracer, provider, exporter } = pipeline({ compression: 'gzip' });
    tracer.startSpan('compressed', { attributes: { 'langfuse.observation.type': 'event' } }).end();
    await provider.forceFlush();
    expect(exporter.results[0].code).toBe(SUCCESS);
    expect(receiver.requests[0].headers['content-encoding']).toBe('gzip');
    expect(receiver.observations()[0]).toMatchObject({ name: 'compressed', type: 'event' });
  });

  it('rejects wrong credentials with 401: the exporter reports failure', async () => {
    const wrong = `Basic ${Buffer.from('pk-lf-1:wrong').toString('base64')}`;
    const { tracer, provider, exporter } = pipeline({ authorization: wrong });
    tracer.startSpan('rejected').end();
    // SimpleSpanProcessor.forceFlush rejects with the failed exports' errors.
    await expect(provider.forceFlush()).rejects.toBeDefined();
    expect(exporter.results).toHaveLength(1);
    expect(exporter.results[0].code).toBe(FAILED);
    expect(exporter.results[0].error).toMatchObject({ name: 'OTLPExporterError', code: 401 });
    expect(receiver.requests.filter((request) => request.status === 401)).toHaveLength(1);
    expect(receiver.spans).toHaveLength(0);

    const missing = await fetch(receiver.tracesUrl, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toHaveProperty('message');
  });
});

describe('protocol edges', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { authorization: receiver.authorization, 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers 415 for protobuf, 404 for other paths, 400 for invalid JSON', async () => {
    const proto = await post(new Uint8Array([1, 2, 3]), { 'content-type': 'application/x-protobuf' });
    expect(proto.status).toBe(415);
    expect(((await proto.json()) as { message: string }).message).toContain('OTLP/JSON');
    expect((await fetch(`${receiver.baseUrl}/api/public/ingestion`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(receiver.tracesUrl)).status).toBe(405);
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}')).status).toBe(
      400,
    );
  });

  it('decodes the OTLP/JSON encodings: int64 strings, hex ids, kvlists, enum names', async () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'langfuse.release', value: { stringValue: 'v9' } }] },
          scopeSpans: [
            {
              scope: { name: 'manual' },
              spans: [
                {
                  traceId: '0123456789ABCDEF0123456789ABCDEF',
                  spanId: 'AAAAAAAAAAAAAAAA',
                  name: 'root',
                  kind: 'SPAN_KIND_SERVER',
                  startTimeUnixNano: '1752384000123456789',
                  endTimeUnixNano: 1752384001000000000,
                  status: { code: 'STATUS_CODE_ERROR' },
                  attributes: [
                    { key: 'gen_ai.request.model', value: { stringValue: 'm' } },
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '42' } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'ratio', value: { doubleValue: 0.5 } },
                    {
                      key: 'flags',
                      value: { arrayValue: { values: [{ boolValue: true }, { stringValue: 'x' }] } },
                    },
                    {
                      key: 'nested',
                      value: { kvlistValue: { values: [{ key: 'a', value: { intValue: 1 } }] } },
                    },
                    {
                      key: 'langfuse.trace.tags',
                      value: { arrayValue: { values: [{ stringValue: 't1' }] } },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await post(gzipSync(JSON.stringify(body)), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});

    const [span] = receiver.spans;
    expect(span).toMatchObject({
      traceId: '0123456789abcdef0123456789abcdef',
      spanId: 'aaaaaaaaaaaaaaaa',
      kind: 2,
      status: { code: 2 },
      startTimeUnixNano: '1752384000123456789',
      attributes: {
        'gen_ai.usage.input_tokens': 42,
        big: '9007199254740993',
        ratio: 0.5,
        flags: [true, 'x'],
        nested: { a: 1 },
      },
    });
    expect(receiver.observations()[0]).toMatchObject({
      type: 'generation',
      usageDetails: { input: 42 },
      level: 'ERROR',
      startTime: '2025-07-13T05:20:00.123Z',
    });
    expect(receiver.traces()[0]).toMatchObject({ name: 'root', release: 'v9', tags: ['t1'] });
  });
});

describe('failure modes', () => {
  it('injects a status, a delay, a malformed body and a hang-up', async () => {
    const { tracer, provider, exporter } = pipeline();

    receiver.setMode({ status: 500 });
    tracer.startSpan('refused').end();
    await expect(provider.forceFlush()).rejects.toBeDefined();
    expect(exporter.results.at(-1)?.code).toBe(FAILED);
    expect(exporter.results.at(-1)?.error).toMatchObject({ code: 500 });
    expect(receiver.requests.at(-1)?.status).toBe(500);
    expect(receiver.spans).toHaveLength(0);

    // The exporter logs a warning for an undecodable 2xx body but counts the export as a success.
    receiver.setMode({ malformedBody: true, delayMs: 100 });
    const started = Date.now();
    tracer.startSpan('garbled').end();
    await provider.forceFlush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(exporter.results.at(-1)?.code).toBe(SUCCESS);
    expect(receiver.spans.map((span) => span.name)).toEqual(['garbled']);

    receiver.setMode({ hangUp: true });
    await expect(
      fetch(receiver.tracesUrl, {
        method: 'POST',
        headers: { authorization: receiver.authorization },
        body: '{}',
      }),
    ).rejects.toThrow();

    receiver.setMode(undefined);
    tracer.startSpan('healthy').end();
    await expect(receiver.waitForSpans(2)).resolves.toHaveLength(2);
  });

  it('times out waitForSpans with a clear message', async () => {
    await expect(receiver.waitForSpans(1, 50)).rejects.toThrow('waiting for 1 spans (got 0)');
  });
});
