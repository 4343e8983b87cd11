import { createServer } from 'node:net';
import {
  captureDiag,
  type OtlpCollectorHandle,
  type OtlpTransport,
  startLangfuseReceiver,
  startOtlpCollector,
} from '@tradingagents/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createMetricsPipeline } from '../src/pipelines/metrics-pipeline.js';
import { createTracePipeline } from '../src/pipelines/trace-pipeline.js';
import type { ExportStats } from '../src/queueing-exporter.js';

// Real exporters against a loopback collector: the upstream exporters read the endpoint from
// process.env themselves, so the env is stubbed, and resolveConfig reads the same env.
let collector: OtlpCollectorHandle;
beforeAll(async () => {
  collector = await startOtlpCollector();
});
afterAll(() => collector.close());
afterEach(() => {
  vi.unstubAllEnvs();
  collector.clear();
});

const OTLP_KEYS = ['', 'TRACES_', 'METRICS_'].flatMap((signal) =>
  ['ENDPOINT', 'PROTOCOL', 'TIMEOUT'].map((what) => `OTEL_EXPORTER_OTLP_${signal}${what}`),
);

/** Stubs the OTLP env (everything else of it cleared), then exports one span and one LLM call's metrics. */
async function exportWith(
  env: Record<string, string>,
  langfuse?: { baseUrl: string },
): Promise<ExportStats | undefined> {
  for (const key of OTLP_KEYS) vi.stubEnv(key, env[key] ?? '');
  const config = resolveConfig(
    {
      metrics: { enabled: false },
      ...(langfuse
        ? { langfuse: { ...langfuse, publicKey: 'pk-lf-1', secretKey: 'sk-lf-1', exportMode: 'immediate' } }
        : {}),
    },
    process.env,
  );
  expect(config.otlp).toBe(true);
  const metrics = createMetricsPipeline(config);
  const traces = createTracePipeline(config, metrics.recorder);
  const span = traces.tracerProvider
    .getTracer('otlp-protocol-test')
    .startSpan('invoke_agent market_analyst', {
      attributes: { 'gen_ai.agent.name': 'market_analyst', 'test.calls': 3 },
    });
  span.end();
  metrics.recorder.llmCallEnded({
    model: 'gpt-4o-mini',
    agentName: 'market_analyst',
    provider: 'openai',
    operation: 'chat',
    ok: true,
    errorType: undefined,
    durationSeconds: 0.25,
    usage: { input: 120, output: 30 },
    costUsd: 0.0375,
  });
  await traces.forceFlush();
  await metrics.forceFlush();
  const stats = traces.exportStats().otlp;
  await traces.shutdown();
  await metrics.shutdown();
  return stats;
}

/** What arrived, by signal: the transports used, the span, and the cost point of our LLM call. */
function received() {
  const of = (signal: 'traces' | 'metrics') => collector.batches.filter((b) => b.signal === signal);
  const spans = of('traces').flatMap((b) => b.spans);
  const metrics = of('metrics').flatMap((b) => b.metrics);
  const cost = metrics.find((m) => m.name === 'tradingagents_llm_cost_usd');
  return {
    traceTransports: [...new Set(of('traces').map((b) => b.transport))],
    metricTransports: [...new Set(of('metrics').map((b) => b.transport))],
    span: spans.find((s) => s.name === 'invoke_agent market_analyst'),
    costPoint: cost?.points.find((p) => p.attributes.model === 'gpt-4o-mini'),
    duration: metrics.find((m) => m.name === 'gen_ai.client.operation.duration'),
    rejected: [...collector.rejected],
  };
}

function expectDelivered(traces: OtlpTransport, metrics: OtlpTransport): void {
  const got = received();
  expect(got.rejected).toEqual([]);
  expect(got.traceTransports).toEqual([traces]);
  expect(got.metricTransports).toEqual([metrics]);
  expect(got.span?.attributes).toMatchObject({ 'gen_ai.agent.name': 'market_analyst', 'test.calls': 3 });
  expect(got.span?.scope.name).toBe('otlp-protocol-test');
  expect(got.costPoint?.value).toBeCloseTo(0.0375, 10);
  expect(got.costPoint?.attributes).toMatchObject({ model: 'gpt-4o-mini', agent_name: 'market_analyst' });
  expect(got.duration?.kind).toBe('histogram');
  expect(got.duration?.points).toEqual([
    expect.objectContaining({
      count: 1,
      sum: 0.25,
      attributes: expect.objectContaining({ 'gen_ai.request.model': 'gpt-4o-mini' }),
    }),
  ]);
}

describe('OTLP protocol (OTEL_EXPORTER_OTLP_*PROTOCOL) against a loopback collector', () => {
  it('sends http/protobuf by default, the spec default, to <endpoint>/v1/traces and /v1/metrics', async () => {
    await exportWith({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpUrl });
    expectDelivered('http/protobuf', 'http/protobuf');
    expect(new Set(collector.batches.map((b) => b.path))).toEqual(new Set(['/v1/traces', '/v1/metrics']));
  });

  it.each<OtlpTransport>(['grpc', 'http/protobuf', 'http/json'])(
    'sends traces and metrics over %s when OTEL_EXPORTER_OTLP_PROTOCOL says so',
    async (protocol) => {
      const endpoint = protocol === 'grpc' ? collector.grpcUrl : collector.httpUrl;
      const stats = await exportWith({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      });
      expectDelivered(protocol, protocol);
      expect(stats).toMatchObject({ exported: 1, failed: 0, queued: 0 });
    },
  );

  it('lets OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc override the general http/protobuf for traces only', async () => {
    await exportWith({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.grpcUrl,
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${collector.httpUrl}/v1/metrics`,
    });
    expectDelivered('grpc', 'http/protobuf');
  });

  it('lets OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=http/json override a general grpc for metrics only', async () => {
    await exportWith({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.grpcUrl,
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${collector.httpUrl}/v1/metrics`,
    });
    expectDelivered('grpc', 'http/json');
  });

  it('warns once about an invalid protocol and falls back to http/protobuf, never throwing', async () => {
    const logs = captureDiag();
    try {
      await exportWith({
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift',
      });
      const warnings = logs.messages.filter((m) => m.includes('OTEL_EXPORTER_OTLP_PROTOCOL'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('"thrift"');
      expect(warnings[0]).toContain('expected http/protobuf or grpc or http/json; using the default');
    } finally {
      logs.restore();
    }
    expectDelivered('http/protobuf', 'http/protobuf');
  });

  it('counts the spans a gRPC collector that is down never took, and nothing reaches the app', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const logs = captureDiag();
    try {
      const stats = await exportWith({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      });
      expect(stats).toMatchObject({ exported: 0, failed: 1, queued: 0 });
    } finally {
      logs.restore();
    }
    expect(collector.batches).toHaveLength(0);
  });

  it('keeps the Langfuse export on OTLP/HTTP JSON while the collector gets grpc', async () => {
    // The Langfuse stand-in answers 415 to protobuf, as an exporter on the wrong encoding would see.
    const langfuse = await startLangfuseReceiver({ publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' });
    try {
      await exportWith(
        { OTEL_EXPORTER_OTLP_ENDPOINT: collector.grpcUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
        { baseUrl: langfuse.baseUrl },
      );
      expectDelivered('grpc', 'grpc');
      expect(langfuse.spans.map((s) => s.name)).toContain('invoke_agent market_analyst');
      expect(langfuse.requests.every((r) => r.status === 200)).toBe(true);
    } finally {
      await langfuse.close();
    }
  });
});
