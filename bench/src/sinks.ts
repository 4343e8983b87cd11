/**
 * Three ways to record the same events: our `MetricsRecorder`, raw OTel instruments with pre-built
 * attribute objects, and prom-client. Each owns its own provider/registry so they can run side by
 * side in one process.
 */
import type { Attributes, Counter, Histogram, UpDownCounter } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { METRICS, type MetricDefinition } from '@tradingagents/telemetry/catalogue';
import { DEFAULTS } from '@tradingagents/telemetry/config';
import client from 'prom-client';
import {
  createMetricsPipeline,
  type ExemplarSpan,
  type LlmCallRecord,
  MetricStore,
  MetricsRecorder,
} from './core.js';
import { createPrometheusMeterProvider } from './otel-meter.js';

export interface AnalysisEvent {
  ticker: string;
  ok: boolean;
  durationSeconds: number;
  costUsd: number;
}
export interface AgentEvent {
  agentName: string;
  ok: boolean;
  durationSeconds: number;
}
export type LlmEvent = LlmCallRecord;

/** One recording implementation. */
export interface Sink {
  readonly name: string;
  analysisEnded(e: AnalysisEvent): void;
  agentEnded(e: AgentEvent): void;
  llmCallEnded(e: LlmEvent): void;
}

export const CARDINALITY = Object.freeze({
  maxTickers: DEFAULTS.maxTickers,
  maxModels: DEFAULTS.maxModels,
  maxAgents: DEFAULTS.maxAgents,
  maxTools: DEFAULTS.maxTools,
});

export interface OursSink extends Sink {
  readonly recorder: MetricsRecorder;
  readonly exporter: PrometheusExporter;
  readonly provider: MeterProvider;
}

/** How {@link createOursSink} records. */
export interface OursSinkOptions {
  /**
   * Pass a sampled SDK span with every record, as the runtime passes each scope's span: the
   * recorder keeps its ids as exemplars. @default false (no span: no exemplars)
   */
  readonly exemplars?: boolean;
  /** The store's collect() slice (`Infinity`: one block, as before slicing). @default 2 ms */
  readonly sliceBudgetMs?: number;
}

/** Real, sampled, ended SDK spans to record with, cycled (what the runtime hands the recorder). */
function spanPool(size: number): ExemplarSpan[] {
  const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('bench');
  return Array.from({ length: size }, (_, i) => {
    const span = tracer.startSpan(`span ${i}`);
    span.end();
    return span;
  });
}

/** Ours: the core's hot path, exactly as `registerTradingAgentsTelemetry` wires it. */
export function createOursSink(
  cardinality: ConstructorParameters<typeof MetricsRecorder>[1] = CARDINALITY,
  options: OursSinkOptions = {},
): OursSink {
  let recorder: MetricsRecorder;
  let provider: MeterProvider;
  let exporter: PrometheusExporter;
  if (options.sliceBudgetMs === undefined) {
    // The very pipeline registerTradingAgentsTelemetry builds: the recorder writes to the store, which
    // the Prometheus exporter's reader collects as a metric producer.
    const pipeline = createMetricsPipeline({ metrics: { enabled: true }, otlp: false, cardinality });
    recorder = pipeline.recorder;
    provider = pipeline.meterProvider;
    exporter = pipeline.prometheus as PrometheusExporter;
  } else {
    // The same wiring by hand, with the store's collect() slice set (Infinity: one block, as before).
    const store = new MetricStore(Date.now, { sliceBudgetMs: options.sliceBudgetMs });
    ({ provider, exporter } = createPrometheusMeterProvider([store]));
    recorder = new MetricsRecorder(store, cardinality);
  }
  if (options.exemplars) {
    const spans = spanPool(256);
    let i = 0;
    const next = () => spans[i++ & 255];
    return {
      name: 'ours (MetricsRecorder) with exemplars',
      recorder,
      exporter,
      provider,
      analysisEnded: (e) => recorder.analysisEnded(e.ticker, e.ok, e.durationSeconds, e.costUsd, next()),
      agentEnded: (e) => recorder.agentEnded(e.agentName, e.ok, e.durationSeconds, next()),
      llmCallEnded: (e) => recorder.llmCallEnded(e, next()),
    };
  }
  return {
    name: 'ours (MetricsRecorder)',
    recorder,
    exporter,
    provider,
    analysisEnded: (e) => recorder.analysisEnded(e.ticker, e.ok, e.durationSeconds, e.costUsd),
    agentEnded: (e) => recorder.agentEnded(e.agentName, e.ok, e.durationSeconds),
    llmCallEnded: (e) => recorder.llmCallEnded(e),
  };
}

const OK = 'success';
const ERROR = 'error';

function otelInstruments(provider: MeterProvider) {
  const meter = provider.getMeter('raw-otel');
  const opts = (def: MetricDefinition) => ({
    description: def.description,
    unit: def.unit,
    ...(def.buckets ? { advice: { explicitBucketBoundaries: [...def.buckets] } } : {}),
  });
  const counter = (def: MetricDefinition): Counter => meter.createCounter(def.name, opts(def));
  const histogram = (def: MetricDefinition): Histogram => meter.createHistogram(def.name, opts(def));
  return {
    activeAnalyses: meter.createUpDownCounter(
      METRICS.activeAnalyses.name,
      opts(METRICS.activeAnalyses),
    ) as UpDownCounter,
    analyses: counter(METRICS.analyses),
    analysisDuration: histogram(METRICS.analysisDuration),
    analysisCost: histogram(METRICS.analysisCost),
    agentExecutions: counter(METRICS.agentExecutions),
    agentDuration: histogram(METRICS.agentDuration),
    llmRequests: counter(METRICS.llmRequests),
    llmTokens: counter(METRICS.llmTokens),
    llmCost: counter(METRICS.llmCost),
    genAiDuration: histogram(METRICS.genAiOperationDuration),
    genAiTokens: histogram(METRICS.genAiTokenUsage),
  };
}

/** Attribute objects built once per label set, the best case for raw OTel. */
function prebuilt() {
  const cache = new Map<string, Attributes>();
  return (keys: readonly string[], ...values: string[]): Attributes => {
    const id = values.join('\u0000');
    let attrs = cache.get(id);
    if (attrs === undefined) {
      attrs = Object.freeze(Object.fromEntries(keys.map((k, i) => [k, values[i]])));
      cache.set(id, attrs);
    }
    return attrs;
  };
}

/**
 * Raw OTel: the same instrument calls as ours, with attribute objects pre-built for every event (see
 * {@link prepareRawOtel}), so it measures the SDK alone: no folding, no lookups.
 */
export interface RawOtelSink {
  readonly name: string;
  readonly exporter: PrometheusExporter;
  readonly provider: MeterProvider;
  analysisEnded(e: AnalysisEvent, attrs: PreparedAttrs): void;
  agentEnded(e: AgentEvent, attrs: PreparedAttrs): void;
  llmCallEnded(e: LlmEvent, attrs: PreparedAttrs): void;
}

/** Per event, the attribute objects each instrument call uses. */
export type PreparedAttrs = readonly Attributes[];

const EMPTY: Attributes = Object.freeze({});

export function prepareRawOtel(): {
  analysis(e: AnalysisEvent): PreparedAttrs;
  agent(e: AgentEvent): PreparedAttrs;
  llm(e: LlmEvent): PreparedAttrs;
} {
  const get = prebuilt();
  const genAi = (e: LlmEvent, last: string, keys: readonly string[]) =>
    get(keys, e.operation, e.provider, e.model, e.agentName ?? 'none', last);
  return {
    analysis: (e) => [get(METRICS.analyses.attributeKeys, e.ticker, e.ok ? OK : ERROR)],
    agent: (e) => [
      get(METRICS.agentExecutions.attributeKeys, e.agentName, e.ok ? OK : ERROR),
      get(METRICS.agentDuration.attributeKeys, e.agentName),
    ],
    llm: (e) => {
      const agent = e.agentName ?? 'none';
      return [
        get(METRICS.llmRequests.attributeKeys, e.model, agent, e.ok ? OK : ERROR),
        get(METRICS.llmTokens.attributeKeys, e.model, agent, 'input'),
        get(METRICS.llmTokens.attributeKeys, e.model, agent, 'output'),
        get(METRICS.llmTokens.attributeKeys, e.model, agent, 'cache_read'),
        get(METRICS.llmCost.attributeKeys, e.model, agent),
        genAi(e, e.ok ? '' : (e.errorType ?? '_OTHER'), METRICS.genAiOperationDuration.attributeKeys),
        genAi(e, 'input', METRICS.genAiTokenUsage.attributeKeys),
        genAi(e, 'output', METRICS.genAiTokenUsage.attributeKeys),
      ];
    },
  };
}

export function createRawOtelSink(): RawOtelSink {
  const { provider, exporter } = createPrometheusMeterProvider();
  const i = otelInstruments(provider);
  return {
    name: 'raw OTel (pre-built attributes)',
    exporter,
    provider,
    analysisEnded(e, a) {
      const attrs = a[0] as Attributes;
      i.activeAnalyses.add(-1, EMPTY);
      i.analyses.add(1, attrs);
      i.analysisDuration.record(e.durationSeconds, attrs);
      i.analysisCost.record(e.costUsd, EMPTY);
    },
    agentEnded(e, a) {
      i.agentExecutions.add(1, a[0]);
      i.agentDuration.record(e.durationSeconds, a[1]);
    },
    llmCallEnded(e, a) {
      i.llmRequests.add(1, a[0]);
      i.llmTokens.add(e.usage.input, a[1]);
      i.llmTokens.add(e.usage.output, a[2]);
      if ((e.usage.cacheRead ?? 0) > 0) i.llmTokens.add(e.usage.cacheRead as number, a[3]);
      i.llmCost.add(e.costUsd, a[4]);
      i.genAiDuration.record(e.durationSeconds, a[5]);
      if (e.ok) {
        i.genAiTokens.record(e.usage.input, a[6]);
        i.genAiTokens.record(e.usage.output, a[7]);
      }
    },
  };
}

export interface PromSink extends Sink {
  readonly registry: client.Registry;
}

/** prom-client doing the same increments (`labels(...).inc()` / `.observe()`), in its own registry. */
export function createPromSink(): PromSink {
  const registry = new client.Registry();
  const registers = [registry];
  const counter = (def: MetricDefinition) =>
    new client.Counter({
      name: def.prometheusName,
      help: def.description,
      labelNames: [...def.labels],
      registers,
    });
  const histogram = (def: MetricDefinition) =>
    new client.Histogram({
      name: def.prometheusName,
      help: def.description,
      labelNames: [...def.labels],
      buckets: [...(def.buckets ?? [])],
      registers,
    });
  const activeAnalyses = new client.Gauge({
    name: METRICS.activeAnalyses.prometheusName,
    help: METRICS.activeAnalyses.description,
    registers,
  });
  const analyses = counter(METRICS.analyses);
  const analysisDuration = histogram(METRICS.analysisDuration);
  const analysisCost = histogram(METRICS.analysisCost);
  const agentExecutions = counter(METRICS.agentExecutions);
  const agentDuration = histogram(METRICS.agentDuration);
  const llmRequests = counter(METRICS.llmRequests);
  const llmTokens = counter(METRICS.llmTokens);
  const llmCost = counter(METRICS.llmCost);
  const genAiDuration = histogram(METRICS.genAiOperationDuration);
  const genAiTokens = histogram(METRICS.genAiTokenUsage);
  return {
    name: 'prom-client',
    registry,
    analysisEnded(e) {
      const status = e.ok ? OK : ERROR;
      activeAnalyses.dec();
      analyses.labels(e.ticker, status).inc();
      analysisDuration.labels(e.ticker, status).observe(e.durationSeconds);
      analysisCost.observe(e.costUsd);
    },
    agentEnded(e) {
      agentExecutions.labels(e.agentName, e.ok ? OK : ERROR).inc();
      agentDuration.labels(e.agentName).observe(e.durationSeconds);
    },
    llmCallEnded(e) {
      const agent = e.agentName ?? 'none';
      llmRequests.labels(e.model, agent, e.ok ? OK : ERROR).inc();
      llmTokens.labels(e.model, agent, 'input').inc(e.usage.input);
      llmTokens.labels(e.model, agent, 'output').inc(e.usage.output);
      if ((e.usage.cacheRead ?? 0) > 0) llmTokens.labels(e.model, agent, 'cache_read').inc(e.usage.cacheRead);
      llmCost.labels(e.model, agent).inc(e.costUsd);
      genAiDuration
        .labels(e.operation, e.provider, e.model, agent, e.ok ? '' : (e.errorType ?? '_OTHER'))
        .observe(e.durationSeconds);
      if (e.ok) {
        genAiTokens.labels(e.operation, e.provider, e.model, agent, 'input').observe(e.usage.input);
        genAiTokens.labels(e.operation, e.provider, e.model, agent, 'output').observe(e.usage.output);
      }
    },
  };
}
