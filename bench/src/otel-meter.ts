import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';

/**
 * A dedicated MeterProvider read by a PrometheusExporter that starts no server: what the core sets
 * up, minus the global registration, so several can live side by side in one process.
 */
export function createPrometheusMeterProvider(metricProducers: MetricProducer[] = []): {
  provider: MeterProvider;
  exporter: PrometheusExporter;
} {
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    withoutScopeInfo: true,
    metricProducers,
  });
  const provider = new MeterProvider({ readers: [exporter] });
  return { provider, exporter };
}
