import { type Context, ROOT_CONTEXT } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type MetricFamily, parsePrometheusText } from '@tradingagents/testkit';
import { resolveConfig } from '../../src/config.js';
import { createMetricsPipeline } from '../../src/pipelines/metrics-pipeline.js';
import { PrometheusTextSerializer } from '../../src/prometheus-text.js';
import { TelemetryRuntime } from '../../src/runtime.js';
import type { TradingAgentsTelemetryOptions } from '../../src/types.js';

/**
 * A runtime wired like the registered one, without globals: spans go to an in-memory exporter and
 * metrics to the real pipeline, read back as the exposition text `/metrics` serves.
 */
export function scopeHarness(options: TradingAgentsTelemetryOptions = {}) {
  const config = resolveConfig({ ...options, langfuse: { enabled: false } }, {});
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const metrics = createMetricsPipeline(config);
  const runtime = new TelemetryRuntime(config, provider.getTracer('scope-test'), metrics.recorder);
  const serializer = new PrometheusTextSerializer();
  return {
    runtime,
    /** The root of a test's scopes (no global context manager is needed). */
    root: ROOT_CONTEXT as Context,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    span: (name: string): ReadableSpan => {
      const span = exporter.getFinishedSpans().find((s) => s.name === name);
      if (!span) throw new Error(`no span ${name} in ${exporter.getFinishedSpans().map((s) => s.name)}`);
      return span;
    },
    async scrape(): Promise<MetricFamily[]> {
      const { resourceMetrics } = await (
        metrics.prometheus as NonNullable<typeof metrics.prometheus>
      ).collect();
      return parsePrometheusText(serializer.serialize(resourceMetrics));
    },
    shutdown: async () => {
      await provider.shutdown();
      await metrics.shutdown();
    },
  };
}

/** Whether a sample named `name` with (at least) `labels` was scraped. */
export function hasSample(
  families: MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): boolean {
  return families.some((family) =>
    family.samples.some(
      (sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v),
    ),
  );
}
