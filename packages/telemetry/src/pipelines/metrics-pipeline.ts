import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, type MetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { ResolvedConfig } from '../config.js';
import { MetricStore } from '../metric-store.js';
import { createMetricsHandler, type MetricsHandler } from '../metrics-server.js';
import { MetricsRecorder } from '../recorder.js';
import { createOtlpMetricExporter } from './otlp-exporters.js';
import { DEFAULT_OTLP_PROTOCOL } from './otlp-protocol.js';
import { settle } from './settle.js';

/** What the metrics pipeline is built from. */
export type MetricsPipelineConfig = Pick<ResolvedConfig, 'otlp' | 'cardinality'> & {
  readonly metrics: Pick<ResolvedConfig['metrics'], 'enabled'>;
  /** Absent (e.g. in the bench): the spec's default, `http/protobuf`. */
  readonly otlpProtocol?: Pick<ResolvedConfig['otlpProtocol'], 'metrics'>;
};

/** Our metrics, from the recorder to `/metrics` and (optionally) an OTLP endpoint. */
export interface MetricsPipeline {
  /** The hot path every scope records into. */
  readonly recorder: MetricsRecorder;
  /** The provider read by our readers; other instrumentations' instruments live here too. */
  readonly meterProvider: MeterProvider;
  /** The `/metrics` reader; `undefined` when metrics are off. */
  readonly prometheus: PrometheusExporter | undefined;
  /** Serves the exposition text; `undefined` when metrics are off. */
  readonly handler: MetricsHandler | undefined;
  /** Pushes what the push readers (OTLP) have not sent yet; `/metrics` is pulled. Never rejects. */
  forceFlush(): Promise<void>;
  /** Shuts the provider and its readers down. Never rejects. */
  shutdown(): Promise<void>;
}

/**
 * The metrics pipeline: the recorder writes into our series store, which every reader collects as
 * a metric producer beside the SDK's own instruments (those of other instrumentations, e.g. the pg
 * client metrics): the Prometheus exporter (no server of its own; we serve its text) when metrics
 * are on, and a periodic OTLP reader (over the configured protocol) when OTLP export is on. The bench builds the same one.
 */
export function createMetricsPipeline(config: MetricsPipelineConfig, resource?: Resource): MetricsPipeline {
  const store = new MetricStore();
  const recorder = new MetricsRecorder(store, config.cardinality);
  const readers: MetricReader[] = [];
  const pushReaders: MetricReader[] = [];
  let prometheus: PrometheusExporter | undefined;
  if (config.metrics.enabled) {
    prometheus = new PrometheusExporter({
      preventServerStart: true,
      withoutScopeInfo: true,
      metricProducers: [store],
    });
    readers.push(prometheus);
  }
  if (config.otlp) {
    const otlp = new PeriodicExportingMetricReader({
      exporter: createOtlpMetricExporter(config.otlpProtocol?.metrics ?? DEFAULT_OTLP_PROTOCOL),
      metricProducers: [store],
    });
    readers.push(otlp);
    pushReaders.push(otlp);
  }
  const meterProvider = new MeterProvider({ resource, readers });
  return {
    recorder,
    meterProvider,
    prometheus,
    handler: prometheus ? createMetricsHandler(prometheus) : undefined,
    forceFlush: async () => {
      await Promise.all(pushReaders.map((reader) => settle('metric flush', reader.forceFlush())));
    },
    shutdown: () => settle('meter provider shutdown', meterProvider.shutdown()),
  };
}
