import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { ResolvedConfig } from './config.js';
import type { MetricsHandler } from './metrics-server.js';
import type { ExportPipelineName } from './pipelines/trace-pipeline.js';
import type { ExportStats } from './queueing-exporter.js';

/** What {@link registerTradingAgentsTelemetry} returns. */
export interface TelemetryHandle {
  /** The resolved configuration. */
  readonly config: ResolvedConfig;
  /** The `/metrics` URL once the server listens; `undefined` when it is off or could not bind. */
  readonly metricsUrl: string | undefined;
  /** Serves the exposition text; mount it on your own server with `metrics.server: 'none'`. */
  readonly metricsHandler: MetricsHandler | undefined;
  /** Our meter provider (`undefined` when disabled). */
  readonly meterProvider: MeterProvider | undefined;
  /** Our tracer provider (`undefined` when disabled). */
  readonly tracerProvider: TracerProvider | undefined;
  /**
   * Settles when the `/metrics` server listens or has failed to (never rejects). Awaiting it also
   * makes the OTel globals the app left free ours (else our first span takes them), so that the
   * app's own OTel API spans go through our providers from then on.
   */
  readonly ready: Promise<void>;
  /** Exports pending spans and metrics, waiting for every batch to be answered. Never rejects. */
  forceFlush(): Promise<void>;
  /** Span export bookkeeping per pipeline (`langfuse`, `otlp`): queued, exported, failed, dropped. */
  exportStats(): Readonly<Partial<Record<ExportPipelineName, ExportStats>>>;
  /** Flushes, stops the server and unregisters. Never rejects. A later register call starts afresh. */
  shutdown(): Promise<void>;
}

/** The handle of a disabled SDK (`disabled: true` / `OTEL_SDK_DISABLED=true`): it records nothing. */
export function disabledHandle(config: ResolvedConfig, unregister: () => void): TelemetryHandle {
  return {
    config,
    metricsUrl: undefined,
    metricsHandler: undefined,
    meterProvider: undefined,
    tracerProvider: undefined,
    ready: Promise.resolve(),
    forceFlush: () => Promise.resolve(),
    exportStats: () => Object.freeze({}),
    shutdown: async () => unregister(),
  };
}
