import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  type MetricReader,
  PeriodicExportingMetricReader,
  MeterProvider as SdkMeterProvider,
} from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { attachAutoInstrumentations, loadAutoInstrumentations } from './auto-instrumentations.js';
import { type ResolvedConfig, resolveConfig } from './config.js';
import { holdEarlyDiag, installDiagLogger, log } from './diag-logger.js';
import { installExitFlush } from './exit-flush.js';
import { getRegistration, isPreloaded, setRegistration, setRuntime } from './global.js';
import { createLangfusePipeline, shouldExportToLangfuse, TRACER_NAME } from './langfuse.js';
import { LangfuseRoots } from './langfuse-roots.js';
import { LazyGlobals } from './lazy-globals.js';
import { MetricStore } from './metric-store.js';
import {
  createMetricsHandler,
  type MetricsHandler,
  type StartedMetricsServer,
  startMetricsServer,
} from './metrics-server.js';
import { type ExportStats, QueueingSpanExporter } from './queueing-exporter.js';
import { MetricsRecorder } from './recorder.js';
import { buildResource } from './resource.js';
import { TelemetryRuntime } from './runtime.js';
import { installSignalHandlers } from './signals.js';
import { TraceAttributesSpanProcessor } from './trace-attributes-processor.js';
import type { TradingAgentsTelemetryOptions } from './types.js';
import { VERSION } from './version.js';

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
  exportStats(): Readonly<Partial<Record<'langfuse' | 'otlp', ExportStats>>>;
  /** Flushes, stops the server and unregisters. Never rejects. A later register call starts afresh. */
  shutdown(): Promise<void>;
}

/**
 * How long after start-up our diag logger is installed at the latest (when no logger of the app's
 * exists by then), so that start-up warnings are seen even if nothing is traced. The OTel
 * trace/context/metrics globals wait for our first span instead (or `await handle.ready`).
 */
const DIAG_DELAY_MS = 1_000;

/**
 * `ready`, which also takes the free OTel globals when the app awaits it (or calls `then`): an app
 * that wants its own OTel API spans to go through our providers from the start awaits it; one
 * that starts its own SDK after our call does not, and keeps its globals.
 */
function takingWhenAwaited(settled: Promise<void>, take: () => void): Promise<void> {
  // Not a plain Promise: `await` on a native promise never looks up `then`, on a subclass it does.
  const ready = new AwaitedPromise<void>((resolve) => {
    void settled.then(() => resolve());
  });
  Reflect.defineProperty(ready, 'then', {
    value: (...args: Parameters<Promise<void>['then']>) => {
      take();
      return Promise.prototype.then.apply(ready, args);
    },
  });
  return ready;
}

/** A promise whose derived promises are plain ones. */
class AwaitedPromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
}

async function settle(label: string, work: Promise<unknown> | undefined): Promise<void> {
  try {
    await work;
  } catch (error) {
    log.error(`@tradingagents/telemetry: ${label} failed`, error);
  }
}

function disabledHandle(config: ResolvedConfig): TelemetryHandle {
  return {
    config,
    metricsUrl: undefined,
    metricsHandler: undefined,
    meterProvider: undefined,
    tracerProvider: undefined,
    ready: Promise.resolve(),
    forceFlush: () => Promise.resolve(),
    exportStats: () => Object.freeze({}),
    shutdown: async () => {
      setRegistration(undefined);
    },
  };
}

/**
 * Starts telemetry once for the process: an OpenTelemetry `NodeSDK` with a Prometheus exporter
 * (`/metrics`), the Langfuse span processor when keys are present, OTLP export when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and agent-framework auto-instrumentation. A second call
 * returns the first handle and registers nothing twice.
 *
 * Throws only for explicitly passed invalid options; everything at run time is logged through
 * OTel `diag` and counted, never thrown.
 *
 * @example
 * ```ts
 * import { registerTradingAgentsTelemetry } from '@tradingagents/telemetry';
 * const telemetry = registerTradingAgentsTelemetry({ serviceName: 'trading-agents' });
 * await telemetry.ready;
 * console.log(`metrics at ${telemetry.metricsUrl}`);
 * ```
 */
export function registerTradingAgentsTelemetry(options: TradingAgentsTelemetryOptions = {}): TelemetryHandle {
  const existing = getRegistration<TelemetryHandle>();
  if (existing !== undefined) {
    log.warn('@tradingagents/telemetry: already registered; returning the existing handle.');
    return existing;
  }
  holdEarlyDiag();
  const config = resolveConfig(options);
  if (config.disabled) {
    const handle = disabledHandle(config);
    setRegistration(handle);
    return handle;
  }

  // Our metrics live in the store, which every reader collects as a metric producer beside the
  // SDK's own instruments (those of other instrumentations, e.g. the pg client metrics).
  const store = new MetricStore();
  const recorder = new MetricsRecorder(store, config.cardinality);
  const metricReaders: MetricReader[] = [];
  let prometheus: PrometheusExporter | undefined;
  if (config.metrics.enabled) {
    prometheus = new PrometheusExporter({
      preventServerStart: true,
      withoutScopeInfo: true,
      metricProducers: [store],
    });
    metricReaders.push(prometheus);
  }
  if (config.otlp)
    metricReaders.push(
      new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), metricProducers: [store] }),
    );

  const countExport = (exporter: 'langfuse' | 'otlp') => {
    recorder.exporterConfigured(exporter);
    return (ok: boolean, spans: number) => recorder.spansExported(exporter, ok, spans);
  };

  const roots = config.langfuse.enabled ? new LangfuseRoots(shouldExportToLangfuse) : undefined;
  const traceAttributes = new TraceAttributesSpanProcessor(roots);
  const spanProcessors: SpanProcessor[] = [traceAttributes];
  const queues: Partial<Record<'langfuse' | 'otlp', QueueingSpanExporter>> = {};
  if (config.langfuse.enabled) {
    const langfuse = createLangfusePipeline(config.langfuse, countExport('langfuse'), roots);
    spanProcessors.push(langfuse.processor);
    queues.langfuse = langfuse.exporter;
  }
  if (config.otlp) {
    queues.otlp = new QueueingSpanExporter(new OTLPTraceExporter(), 'OTLP', countExport('otlp'));
    spanProcessors.push(new SimpleSpanProcessor(queues.otlp));
  }
  spanProcessors.push(...config.spanProcessors);
  if (!config.langfuse.enabled && options.langfuse?.enabled !== false) {
    log.warn(
      '@tradingagents/telemetry: Langfuse export is off: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY to send spans to Langfuse.',
    );
  }

  const instrumentations = [
    ...loadAutoInstrumentations(config.autoInstrument),
    ...config.instrumentations,
  ].flat();
  // Our own providers, composed here rather than by NodeSDK: they become the OTel globals only where
  // the app has not registered its own, and only when we first trace (see lazy-globals.ts), so an
  // app that starts its own SDK after us keeps its globals. Our instrumentations and runtime use
  // our providers directly either way.
  const resource = buildResource(config);
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
  const meterProvider = new SdkMeterProvider({ resource, readers: metricReaders });
  let diagInstalled = false;
  const installDiag = (): void => {
    if (diagInstalled) return;
    diagInstalled = true;
    if (options.diagLogger !== false) installDiagLogger();
  };
  const globals = new LazyGlobals(tracerProvider, meterProvider, installDiag);
  const preloaded = isPreloaded();
  // Our first span takes the globals: an app that starts its own SDK (at start-up, before any LLM
  // call, in any order relative to us) keeps them. Our diag logger comes a moment after start-up.
  setTimeout(installDiag, DIAG_DELAY_MS).unref();
  const unregisterInstrumentations = registerInstrumentations({
    instrumentations,
    tracerProvider: globals.provider(),
    meterProvider,
  });
  const detachInstrumentations = attachAutoInstrumentations(instrumentations, !preloaded);
  const tracer = globals.tracer(tracerProvider.getTracer(TRACER_NAME, VERSION));
  const runtime = new TelemetryRuntime(config, tracer, recorder);
  setRuntime(runtime);

  const metricsHandler = prometheus ? createMetricsHandler(prometheus) : undefined;
  let server: StartedMetricsServer | undefined;
  const listening =
    metricsHandler && config.metrics.server === 'listen'
      ? startMetricsServer(metricsHandler, {
          host: config.metrics.host,
          port: config.metrics.port,
          endpoint: config.metrics.endpoint,
        }).then((started) => {
          server = started;
        })
      : Promise.resolve();
  const ready = takingWhenAwaited(listening, () => globals.ensure());

  const forceFlush = async (): Promise<void> => {
    // Processors first (they hand ended spans to the queues), then the queues, which wait for every batch.
    await Promise.all([
      ...spanProcessors.map((p) => settle('span flush', p.forceFlush())),
      ...metricReaders.filter((r) => r !== prometheus).map((r) => settle('metric flush', r.forceFlush())),
    ]);
    await Promise.all(Object.values(queues).map((q) => settle('span export', q.forceFlush())));
  };
  // On a signal, work may still be ending spans while we flush: flush again until a flush
  // completes with no new span ended (bounded by the signal handler's timeout).
  const flushUntilQuiet = async (): Promise<void> => {
    for (let round = 0; round < 20; round++) {
      const before = traceAttributes.ended;
      await forceFlush();
      if (traceAttributes.ended === before) return;
    }
  };
  const removeSignalHandlers = config.handleSignals ? installSignalHandlers(flushUntilQuiet) : () => {};
  // A process ending on its own: take what is still free (our early diag lines are replayed), then flush.
  const removeExitFlush = installExitFlush(
    async () => {
      globals.ensure();
      await flushUntilQuiet();
    },
    () => traceAttributes.ended,
  );

  let shuttingDown: Promise<void> | undefined;
  const handle: TelemetryHandle = {
    config,
    get metricsUrl() {
      return server?.url;
    },
    metricsHandler,
    meterProvider,
    tracerProvider,
    ready,
    forceFlush,
    exportStats: () =>
      Object.freeze(Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, queue.stats()]))),
    shutdown: () => {
      shuttingDown ??= (async () => {
        removeSignalHandlers();
        removeExitFlush();
        await listening;
        await settle('metrics server close', server?.close());
        detachInstrumentations();
        await settle('instrumentation disable', Promise.resolve().then(unregisterInstrumentations));
        await settle('tracer provider shutdown', tracerProvider.shutdown());
        await settle('meter provider shutdown', meterProvider.shutdown());
        globals.release();
        setRuntime(undefined);
        setRegistration(undefined);
      })();
      return shuttingDown;
    },
  };
  setRegistration(handle);
  return handle;
}
