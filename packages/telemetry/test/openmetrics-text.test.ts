import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { type OpenMetricsFamily, parseOpenMetricsText, parsePrometheusText } from '@tradingagents/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExemplarSlot, exemplarTimeMs } from '../src/exemplars.js';
import { MetricStore } from '../src/metric-store.js';
import { OpenMetricsSerializer } from '../src/openmetrics-text.js';
import { PrometheusTextSerializer } from '../src/prometheus-text.js';
import { MetricsRecorder } from '../src/recorder.js';
import { TimeSlicer } from '../src/time-slicer.js';

const CARDINALITY = { maxTickers: 50, maxModels: 10, maxAgents: 10, maxTools: 10 };
const time: [number, number] = [1, 0];
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const exemplar = fc
  .record({ traceId: hex(32), spanId: hex(16), value: fc.double({ noNaN: true }), timeMs: fc.nat() })
  .map(({ traceId, spanId, timeMs, value }) =>
    Object.assign(new ExemplarSlot(), {
      context: { traceId, spanId, traceFlags: 1 },
      value,
      start: [Math.floor(timeMs / 1000), (timeMs % 1000) * 1e6],
    }),
  );
const labelValue = fc.oneof(fc.string(), fc.constantFrom('a"b', 'back\\slash', 'new\nline', 'ünï©ødé', ''));
/** Unique attribute sets of valid label names (never `le`). */
const attributeSets = fc.uniqueArray(
  fc.dictionary(fc.constantFrom('ticker', 'gen_ai.agent.name', 'status', 'a-b'), labelValue, { maxKeys: 3 }),
  { selector: (a) => JSON.stringify(Object.entries(a).sort()), maxLength: 3 },
);
const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, Number.POSITIVE_INFINITY, Number.NaN));
const descriptor = (name: string) =>
  fc.record({
    name: fc.constant(name),
    description: fc.oneof(labelValue, fc.constant('')),
    unit: fc.constantFrom('', 's', '{token}'),
    valueType: fc.constant(1),
  });
const singular = (name: string) =>
  fc.record({
    descriptor: descriptor(name),
    aggregationTemporality: fc.constant(AggregationTemporality.CUMULATIVE),
    dataPointType: fc.constantFrom(DataPointType.SUM, DataPointType.GAUGE),
    isMonotonic: fc.boolean(),
    dataPoints: attributeSets.chain((sets) =>
      fc.tuple(
        ...sets.map((attributes) =>
          fc.record({
            attributes: fc.constant(attributes),
            startTime: fc.constant(time),
            endTime: fc.constant(time),
            value,
            exemplar: fc.option(exemplar, { nil: undefined }),
          }),
        ),
      ),
    ),
  });
const histogram = (name: string) =>
  fc.record({
    descriptor: descriptor(name),
    aggregationTemporality: fc.constant(AggregationTemporality.CUMULATIVE),
    dataPointType: fc.constant(DataPointType.HISTOGRAM),
    dataPoints: attributeSets.chain((sets) =>
      fc.tuple(
        ...sets.map((attributes) =>
          fc.integer({ min: 0, max: 4 }).chain((n) =>
            fc.record({
              attributes: fc.constant(attributes),
              startTime: fc.constant(time),
              endTime: fc.constant(time),
              // Consistent, as the SDK's: `count` is what the +Inf bucket shows.
              value: fc
                .record({
                  buckets: fc.record({
                    boundaries: fc.constantFrom(
                      [0.5, 1, 2.5, 10].slice(0, n),
                      [0.1, 1, Number.POSITIVE_INFINITY].slice(0, n),
                    ),
                    counts: fc.array(fc.nat(1000), { minLength: n + 1, maxLength: n + 1 }),
                  }),
                  sum: value,
                })
                .map((v) => {
                  // Up to an explicit +Inf boundary, the last bucket written.
                  const inf = v.buckets.boundaries.indexOf(Number.POSITIVE_INFINITY);
                  const counted = v.buckets.counts.slice(0, inf < 0 ? undefined : inf + 1);
                  return { ...v, count: counted.reduce((n, c) => n + c, 0) };
                }),
              bucketExemplars: fc.option(
                fc.array(fc.option(exemplar, { nil: undefined }), { maxLength: 6 }),
                {
                  nil: undefined,
                },
              ),
            }),
          ),
        ),
      ),
    ),
  });
/** Distinct metric names that stay distinct families in both formats (counter `x_total` is family `x`). */
const metrics = fc
  .uniqueArray(fc.constantFrom('alpha', 'beta_total', 'gamma.ops', 'delta_seconds', '9lives'), {
    maxLength: 5,
  })
  .chain((names) =>
    fc.tuple(...names.map((name) => fc.oneof(singular(name), histogram(name)) as fc.Arbitrary<MetricData>)),
  );

/** `name{sorted labels}` -> value of every sample. */
function sampleMap(
  families: { samples: { name: string; labels: Record<string, string>; value: number }[] }[],
) {
  const map = new Map<string, number>();
  for (const f of families)
    for (const s of f.samples)
      map.set(`${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`, s.value);
  return map;
}

function exemplarsOf(families: OpenMetricsFamily[]) {
  return families.flatMap((f) =>
    f.samples.flatMap((s) =>
      s.exemplar === undefined ? [] : [{ sample: s, family: f.name, ...s.exemplar }],
    ),
  );
}

describe('OpenMetricsSerializer', () => {
  it('writes valid OpenMetrics whose samples are exactly the text format’s, for any metric data', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('service.name', 'host.name'), labelValue),
        metrics,
        (resourceAttributes, data) => {
          const resourceMetrics: ResourceMetrics = {
            resource: resourceFromAttributes(resourceAttributes),
            scopeMetrics: [{ scope: { name: 's' }, metrics: data }],
          };
          const om = new OpenMetricsSerializer().serialize(resourceMetrics);
          const text = new PrometheusTextSerializer().serialize(resourceMetrics);
          const omFamilies = parseOpenMetricsText(om);
          expect(om.endsWith('\n# EOF\n')).toBe(true);
          expect(sampleMap(omFamilies)).toEqual(sampleMap(parsePrometheusText(text)));
          // Every exemplar given is written once, on its counter or bucket, and nothing else is.
          const given = data.flatMap((m) =>
            m.dataPoints.flatMap((p) => {
              const fields = p as { exemplar?: ExemplarSlot; bucketExemplars?: (ExemplarSlot | undefined)[] };
              if (m.dataPointType === DataPointType.HISTOGRAM) {
                // Buckets written: up to an explicit +Inf boundary.
                const { boundaries, counts } = (
                  p.value as { buckets: { boundaries: number[]; counts: number[] } }
                ).buckets;
                const inf = boundaries.indexOf(Number.POSITIVE_INFINITY);
                const written = inf < 0 ? counts.length : inf + 1;
                return (fields.bucketExemplars ?? []).slice(0, written).filter((e) => e !== undefined);
              }
              return m.dataPointType === DataPointType.SUM && m.isMonotonic && fields.exemplar
                ? [fields.exemplar]
                : [];
            }),
          );
          const written = exemplarsOf(omFamilies);
          expect(written.map((e) => e.labels.trace_id).sort()).toEqual(
            given.map((e) => e.context?.traceId).sort(),
          );
          for (const e of written) expect(e.sample.name).toMatch(/_(total|bucket)$/);
        },
      ),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it('writes counters as `x` families with `x_total` samples, target_info as an info family, and # EOF', () => {
    const resourceMetrics: ResourceMetrics = {
      resource: resourceFromAttributes({ 'service.name': 'svc' }),
      scopeMetrics: [
        {
          scope: { name: 's' },
          metrics: [
            {
              descriptor: { name: 'jobs', description: 'Jobs "done".', unit: '{job}', valueType: 1 },
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPointType: DataPointType.SUM,
              isMonotonic: true,
              dataPoints: [
                {
                  attributes: { kind: 'a' },
                  startTime: time,
                  endTime: time,
                  value: 3,
                  exemplar: Object.assign(new ExemplarSlot(), {
                    context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 },
                    value: 1,
                    // Started at …000.100, ended 23 ms later.
                    start: [1_764_000_000, 100_000_000],
                    seconds: 0.023,
                  }),
                } as never,
              ],
            },
          ],
        },
      ],
    };
    expect(new OpenMetricsSerializer().serialize(resourceMetrics)).toBe(
      '# TYPE target info\n# HELP target Target metadata\ntarget_info{service_name="svc"} 1\n' +
        '# TYPE jobs counter\n# HELP jobs Jobs \\"done\\".\n' +
        `jobs_total{kind="a"} 3 # {trace_id="${'a'.repeat(32)}",span_id="${'b'.repeat(16)}"} 1 1764000000.123\n` +
        '# EOF\n',
    );
  });
});

/** Records the same events with spans from `sampler`'s tracer (or none) into a fresh store. */
async function recordedStore(sampler: Sampler | undefined) {
  const store = new MetricStore(() => 1_764_000_000_000);
  const recorder = new MetricsRecorder(store, CARDINALITY);
  const provider = new BasicTracerProvider({ sampler: sampler ?? new AlwaysOnSampler() });
  const tracer = provider.getTracer('test');
  const spans: { ticker: string; traceId: string; spanId: string; kind: string }[] = [];
  const span = (kind: string, ticker: string) => {
    const s = tracer.startSpan(`${kind} ${ticker}`);
    spans.push({ ticker, kind, ...s.spanContext() });
    return sampler === undefined ? undefined : s;
  };
  for (let i = 0; i < 30; i++) {
    const ticker = `T${i % 6}`;
    recorder.analysisStarted();
    recorder.agentEnded(`agent_${i % 3}`, i % 4 !== 0, i / 3, span('agent', ticker));
    recorder.toolEnded(
      'get_prices',
      `agent_${i % 3}`,
      i % 5 === 0 ? 'TypeError' : undefined,
      0.05,
      span('tool', ticker),
    );
    recorder.llmCallEnded(
      {
        model: 'gpt-4o-mini',
        agentName: `agent_${i % 3}`,
        provider: 'openai',
        operation: 'chat',
        ok: i % 7 !== 0,
        errorType: 'RateLimitError',
        durationSeconds: i / 10,
        usage: { input: 100 * i, output: 10 * i },
        costUsd: 0.001 * i,
      },
      span('generation', ticker),
    );
    recorder.workflowEnded('digest', true, i, 0.01 * i, span('workflow', ticker));
    recorder.analysisEnded(ticker, i % 3 !== 0, i * 7.5, 0.01 * i, span('analysis', ticker));
  }
  const { resourceMetrics } = await store.collect();
  const data: ResourceMetrics = {
    ...resourceMetrics,
    resource: resourceFromAttributes({ 'service.name': 'x' }),
  };
  return { data, spans };
}

describe('exemplars from the recorder', () => {
  it('come from sampled spans, on the documented metrics, and never change the text format or the series', async () => {
    const withSpans = await recordedStore(new AlwaysOnSampler());
    const withoutSpans = await recordedStore(undefined);
    const text = new PrometheusTextSerializer().serialize(withSpans.data);
    // Byte for byte what a store without exemplars writes: exemplars are not part of the text format.
    expect(text).toBe(new PrometheusTextSerializer().serialize(withoutSpans.data));

    const om = parseOpenMetricsText(new OpenMetricsSerializer().serialize(withSpans.data));
    expect(sampleMap(om)).toEqual(sampleMap(parsePrometheusText(text)));
    const exemplars = exemplarsOf(om);
    const families = new Set(exemplars.map((e) => e.family));
    expect([...families].sort()).toEqual(
      [
        'gen_ai_client_operation_duration',
        'gen_ai_execute_tool_duration',
        'tradingagents_agent_duration_seconds',
        'tradingagents_agent_executions',
        'tradingagents_analyses',
        'tradingagents_analysis_cost_usd',
        'tradingagents_analysis_duration_seconds',
        'tradingagents_llm_cost_usd',
        'tradingagents_llm_requests',
        'tradingagents_tool_calls',
        'tradingagents_workflow_cost_usd',
        'tradingagents_workflow_duration_seconds',
      ].sort(),
    );
    // Counters by status take exemplars on their error series only (a success's trace is on its
    // duration bucket); every workflow run succeeded here, so tradingagents_workflow_runs has none.
    for (const e of exemplars) {
      if (
        ['tradingagents_analyses', 'tradingagents_agent_executions', 'tradingagents_llm_requests'].includes(
          e.family,
        )
      )
        expect(e.sample.labels.status, e.family).toBe('error');
    }
    // Each exemplar names a span that recorded into that series; an analysis exemplar is the
    // analysis span of the ticker in its labels.
    for (const e of exemplars) {
      const span = withSpans.spans.find(
        (s) => s.traceId === e.labels.trace_id && s.spanId === e.labels.span_id,
      );
      expect(span, JSON.stringify(e.labels)).toBeDefined();
      if (e.family === 'tradingagents_analysis_duration_seconds') {
        expect(span?.kind).toBe('analysis');
        expect(e.sample.labels.ticker).toBe(span?.ticker);
        const le = e.sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(e.sample.labels.le);
        expect(e.value).toBeLessThanOrEqual(le);
      }
      if (e.family === 'tradingagents_llm_cost_usd') expect(span?.kind).toBe('generation');
      expect(Object.keys(e.labels)).toEqual(['trace_id', 'span_id']);
      expect(e.timestamp).toBeGreaterThan(1_700_000_000);
    }
  });

  it('are absent for unsampled spans and without a span', async () => {
    for (const sampler of [new AlwaysOffSampler(), undefined]) {
      const { data } = await recordedStore(sampler);
      expect(exemplarsOf(parseOpenMetricsText(new OpenMetricsSerializer().serialize(data)))).toEqual([]);
    }
  });
});

describe('which exemplar a series keeps', () => {
  it('the first sampled one after each collect: later records keep it, the next collect lets a new one in', async () => {
    const store = new MetricStore();
    const recorder = new MetricsRecorder(store, CARDINALITY);
    const sampled = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('test');
    const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('test');
    const exemplarOf = async () => {
      const { resourceMetrics } = await store.collect();
      const families = parseOpenMetricsText(new OpenMetricsSerializer().serialize(resourceMetrics));
      return exemplarsOf(families)
        .filter((e) => e.family === 'tradingagents_agent_duration_seconds')
        .map((e) => e.labels.span_id);
    };
    const span = (tracer: typeof sampled, name: string) => tracer.startSpan(name);
    // An unsampled span gives none and does not hold the bucket: the sampled one after it is taken.
    recorder.agentEnded('a', true, 0.05, span(unsampled, 'dropped'));
    const first = span(sampled, 'first');
    recorder.agentEnded('a', true, 0.05, first);
    recorder.agentEnded('a', true, 0.05, span(sampled, 'second'));
    expect(await exemplarOf()).toEqual([first.spanContext().spanId]);
    // Nothing new since that collect: the same exemplar again.
    expect(await exemplarOf()).toEqual([first.spanContext().spanId]);
    const third = span(sampled, 'third');
    recorder.agentEnded('a', true, 0.05, third);
    recorder.agentEnded('a', true, 0.05, span(sampled, 'fourth'));
    expect(await exemplarOf()).toEqual([third.spanContext().spanId]);
    // Another bucket of the same series has its own.
    const slow = span(sampled, 'slow');
    recorder.agentEnded('a', true, 50, slow);
    expect((await exemplarOf()).sort()).toEqual(
      [third.spanContext().spanId, slow.spanContext().spanId].sort(),
    );
  });
});

describe('exemplar times', () => {
  it('follow the recorded spans, never go back, and a span started in the future does not pin them there', async () => {
    const store = new MetricStore();
    const recorder = new MetricsRecorder(store, CARDINALITY);
    const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('test');
    const times = async () => {
      const { resourceMetrics } = await store.collect();
      const families = parseOpenMetricsText(new OpenMetricsSerializer().serialize(resourceMetrics));
      return exemplarsOf(families)
        .filter((e) => e.family === 'tradingagents_agent_duration_seconds')
        .map((e) => (e.timestamp ?? 0) * 1000);
    };
    const before = Date.now();
    recorder.agentEnded('a', true, 0.05, tracer.startSpan('now'));
    const [first] = await times();
    // The span's start plus the duration: about now.
    expect(first).toBeGreaterThanOrEqual(before - 1);
    expect(first).toBeLessThanOrEqual(Date.now() + 51);
    // A span that claims to have started in 2100, then one that started an hour ago (an
    // instrumentation that learnt of the run late): neither moves exemplar time past now or back.
    recorder.agentEnded('a', true, 0.05, tracer.startSpan('future', { startTime: Date.UTC(2100, 0, 1) }));
    recorder.agentEnded('a', true, 0.05, tracer.startSpan('late', { startTime: Date.now() - 3_600_000 }));
    const [last] = await times();
    expect(last).toBeGreaterThanOrEqual(first as number);
    expect(last).toBeLessThanOrEqual(Date.now() + 1);
  });
});

describe('exemplarTimeMs', () => {
  const slot = (start: [number, number], seconds: number, lastMs = Number.NEGATIVE_INFINITY) =>
    Object.assign(new ExemplarSlot(), { start, seconds, textTimeMs: lastMs });

  it("is the span's start plus the recorded duration, in whole ms", () => {
    expect(exemplarTimeMs(slot([1_764_000_000, 100_000_000], 0.0235), 2e12)).toBe(1_764_000_000_123);
  });

  it('is never in the future, and always after the time the slot last gave (Prometheus drops older or equal)', () => {
    expect(exemplarTimeMs(slot([4_102_444_800, 0], 1), 1_764_000_000_000)).toBe(1_764_000_000_000);
    // An exemplar that ended before the one written last for this bucket.
    expect(exemplarTimeMs(slot([1_764_000_000, 0], 0, 1_764_000_005_000), 2e12)).toBe(1_764_000_005_001);
    expect(exemplarTimeMs(slot([1_764_000_005, 0], 0, 1_764_000_005_000), 2e12)).toBe(1_764_000_005_001);
  });
});

describe('sliced writing', () => {
  it('gives the same text as writing at once, in both formats, yielding to the event loop between slices', async () => {
    const { data } = await recordedStore(new AlwaysOnSampler());
    for (const writer of [new PrometheusTextSerializer(), new OpenMetricsSerializer()]) {
      let turns = 0;
      let counting = true;
      const count = () => {
        turns++;
        if (counting) setImmediate(count);
      };
      setImmediate(count);
      // A zero budget: every chunk is a slice of its own.
      const sliced = await writer.serializeSliced(data, new TimeSlicer(0));
      counting = false;
      expect(sliced).toBe(writer.serialize(data));
      expect(turns).toBeGreaterThan(10);
    }
  });
});
