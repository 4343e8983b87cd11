import type { Attributes } from '@opentelemetry/api';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type MetricData,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricStore } from '../src/metric-store.js';
import { PrometheusTextSerializer } from '../src/prometheus-text.js';
import { MetricsRecorder } from '../src/recorder.js';

/** The exporter's own serializer, configured as we configure the exporter. */
const upstream = () => new PrometheusSerializer('', false, undefined, false, true);

const text = fc.oneof(
  fc.string(),
  fc.constantFrom('a"b', 'back\\slash', 'new\nline', 'ünï©ødé', '', '{}', 'le', '__other__'),
);
const attributeValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
);
const attributes = fc.dictionary(
  fc.oneof(fc.constantFrom('ticker', 'gen_ai.agent.name', 'a-b', 'x__y', '1st'), fc.string({ minLength: 1 })),
  attributeValue,
  { maxKeys: 4 },
);
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, Number.POSITIVE_INFINITY, Number.NaN));
const time: [number, number] = [1, 0];
const metricName = fc.oneof(
  fc.constantFrom('tradingagents_analyses', 'gen_ai.client.token.usage', 'x_total', '9lives', '_', 'a..b'),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,20}$/),
);
const descriptor = fc.record({
  name: metricName,
  description: fc.oneof(text, fc.constant('')),
  unit: fc.oneof(fc.constant(''), fc.constantFrom('s', '{token}', 'USD')),
  valueType: fc.constant(1),
});
const singular = fc.record({
  descriptor,
  aggregationTemporality: fc.constant(AggregationTemporality.CUMULATIVE),
  dataPointType: fc.constantFrom(DataPointType.SUM, DataPointType.GAUGE),
  isMonotonic: fc.boolean(),
  dataPoints: fc.array(
    fc.record({ attributes, startTime: fc.constant(time), endTime: fc.constant(time), value: number }),
    { maxLength: 3 },
  ),
});
const histogram = fc.record({
  descriptor,
  aggregationTemporality: fc.constant(AggregationTemporality.CUMULATIVE),
  dataPointType: fc.constant(DataPointType.HISTOGRAM),
  dataPoints: fc.array(
    fc.integer({ min: 0, max: 5 }).chain((n) =>
      fc.record({
        attributes,
        startTime: fc.constant(time),
        endTime: fc.constant(time),
        value: fc.record({
          buckets: fc.record({
            boundaries: fc.constantFrom(
              [1, 2, 5].slice(0, n),
              [0.1, 1, Number.POSITIVE_INFINITY].slice(0, n),
            ),
            counts: fc.array(fc.nat(1000), { minLength: n + 1, maxLength: n + 1 }),
          }),
          sum: fc.option(number, { nil: undefined }),
          count: fc.nat(10_000),
        }),
      }),
    ),
    { maxLength: 3 },
  ),
});

function freezeAll(metrics: MetricData[]): MetricData[] {
  for (const m of metrics) for (const p of m.dataPoints) Object.freeze(p.attributes);
  return metrics;
}

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

describe('PrometheusTextSerializer', () => {
  it('writes exactly what the exporter’s PrometheusSerializer writes, for any metric data', () => {
    fc.assert(
      fc.property(
        attributes,
        fc.array(fc.oneof(singular, histogram) as fc.Arbitrary<MetricData>, { maxLength: 5 }),
        fc.boolean(),
        (resourceAttributes, metrics, frozen) => {
          const data: ResourceMetrics = {
            resource: resourceFromAttributes(resourceAttributes as Attributes),
            scopeMetrics: [{ scope: { name: 's' }, metrics: frozen ? freezeAll(metrics) : metrics }],
          };
          const ours = new PrometheusTextSerializer();
          expect(ours.serialize(data)).toBe(upstream().serialize(data));
          // Cached label text on the second pass is the same.
          expect(ours.serialize(data)).toBe(upstream().serialize(data));
        },
      ),
      { numRuns: 500, seed: 20261125 },
    );
  });

  it('matches the exporter on a real collection of our store and an SDK instrument', async () => {
    const store = new MetricStore();
    const reader = new CollectingReader({ metricProducers: [store] });
    const provider = new MeterProvider({
      readers: [reader],
      resource: resourceFromAttributes({ 'service.name': 'x' }),
    });
    provider
      .getMeter('pg')
      .createHistogram('db.client.operation.duration', { unit: 's' })
      .record(0.2, { 'db.system': 'postgresql' });
    const recorder = new MetricsRecorder(store, { maxTickers: 5, maxModels: 5, maxAgents: 5, maxTools: 5 });
    for (let i = 0; i < 20; i++) {
      recorder.analysisStarted();
      recorder.analysisEnded(`T${i}`, i % 3 !== 0, i * 7.5, 0.01 * i);
      recorder.llmCallEnded({
        model: 'gpt-4o-mini',
        agentName: `agent "${i % 4}"\n`,
        provider: 'openai',
        operation: 'chat',
        ok: i % 5 !== 0,
        errorType: 'RateLimitError',
        durationSeconds: i / 10,
        usage: { input: 100 * i, output: 10 * i, cacheRead: i, reasoning: i % 2 },
        costUsd: 0.001 * i,
      });
    }
    const { resourceMetrics } = await reader.collect();
    const ours = new PrometheusTextSerializer().serialize(resourceMetrics);
    expect(ours).toBe(upstream().serialize(resourceMetrics));
    expect(ours).toContain('tradingagents_analyses_total{ticker="__other__",status="success"}');
    expect(ours).toContain('db_client_operation_duration_bucket{db_system="postgresql",le="+Inf"} 1');
    await provider.shutdown();
  });
});
