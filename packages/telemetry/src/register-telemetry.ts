import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { attachAutoInstrumentations, loadAutoInstrumentations } from './auto-instrumentations.js';
import { hasClaimedTracers, onTracerClaim } from './claimed-tracers.js';
import { resolveConfig } from './config.js';
import { holdEarlyDiag, installDiagLogger, log } from './diag-logger.js';
import { installExitFlush } from './exit-flush.js';
import { getRegistration, isPreloaded, setRegistration, setRuntime } from './global.js';
import { disabledHandle, type TelemetryHandle } from './handle.js';
import { TRACER_NAME } from './langfuse.js';
import { LazyGlobals } from './lazy-globals.js';
import { type StartedMetricsServer, startMetricsServer } from './metrics-server.js';
import { createMetricsPipeline } from './pipelines/metrics-pipeline.js';
import { settle } from './pipelines/settle.js';
import { flushUntilQuiet } from './pipelines/span-end-counter.js';
import { createTracePipeline } from './pipelines/trace-pipeline.js';
import { readyPromise } from './ready-promise.js';
import { buildResource } from './resource.js';
import { TelemetryRuntime } from './runtime.js';
import { installSignalHandlers } from './signals.js';
import type { TradingAgentsTelemetryOptions } from './types.js';
import { VERSION } from './version.js';

/**
 * How long after start-up our diag logger is installed at the latest (when no logger of the app's
 * exists by then), so that start-up warnings are seen even if nothing is traced. The OTel
 * trace/context/metrics globals wait for our first span instead (or `await handle.ready`).
 */
const DIAG_DELAY_MS = 1_000;

/**
 * Starts telemetry once for the process: a metrics pipeline (our series store, read by the
 * Prometheus exporter behind `/metrics`, and by OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set), a
 * trace pipeline (the Langfuse span processor when keys are present, OTLP when set), and
 * agent-framework auto-instrumentation. A second call returns the first handle and registers
 * nothing twice.
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
    const handle = disabledHandle(config, () => setRegistration(undefined));
    setRegistration(handle);
    return handle;
  }

  const resource = buildResource(config);
  const metrics = createMetricsPipeline(config, resource);
  const traces = createTracePipeline(config, metrics.recorder, resource);
  if (!config.langfuse.enabled && options.langfuse?.enabled !== false) {
    log.warn(
      '@tradingagents/telemetry: Langfuse export is off: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY to send spans to Langfuse.',
    );
  }

  // Our providers become the OTel globals only where the app has not registered its own, and only
  // when we first trace (see lazy-globals.ts), so an app that starts its own SDK after us keeps its
  // globals. Our instrumentations and scopes use our providers directly either way.
  let diagInstalled = false;
  const installDiag = (): void => {
    if (diagInstalled) return;
    diagInstalled = true;
    if (options.diagLogger !== false) installDiagLogger();
  };
  const globals = new LazyGlobals(traces.tracerProvider, metrics.meterProvider, installDiag);
  // A library drawing spans from the global provider under a claimed name (`ai` 5/6) needs the
  // globals before its first call, which may come before any span of ours: take them at the end of
  // the task that claims (the app's own registrations in that task still come first).
  const takeGlobalsSoon = (): void =>
    queueMicrotask(() => {
      try {
        globals.ensure();
      } catch (error) {
        // Never an exception in the app's microtask queue: the globals are taken on the first span.
        log.error('@tradingagents/telemetry: registering the OpenTelemetry globals failed', error);
      }
    });
  const removeClaimListener = onTracerClaim(takeGlobalsSoon);
  if (hasClaimedTracers()) takeGlobalsSoon();
  setTimeout(installDiag, DIAG_DELAY_MS).unref();

  const instrumentations = [
    ...loadAutoInstrumentations(config.autoInstrument),
    ...config.instrumentations,
  ].flat();
  const unregisterInstrumentations = registerInstrumentations({
    instrumentations,
    tracerProvider: globals.provider(),
    meterProvider: metrics.meterProvider,
  });
  const detachInstrumentations = attachAutoInstrumentations(instrumentations, !isPreloaded());
  const tracer = globals.tracer(traces.tracerProvider.getTracer(TRACER_NAME, VERSION));
  setRuntime(new TelemetryRuntime(config, tracer, metrics.recorder));

  let server: StartedMetricsServer | undefined;
  const listening =
    metrics.handler && config.metrics.server === 'listen'
      ? startMetricsServer(metrics.handler, {
          host: config.metrics.host,
          port: config.metrics.port,
          endpoint: config.metrics.endpoint,
        }).then((started) => {
          server = started;
        })
      : Promise.resolve();

  const forceFlush = async (): Promise<void> => {
    await Promise.all([traces.forceFlush(), metrics.forceFlush()]);
  };
  const flushQuiet = () => flushUntilQuiet(forceFlush, traces.spanEnds);
  const removeSignalHandlers = config.handleSignals
    ? installSignalHandlers(flushQuiet, traces.spoolPending)
    : () => {};
  // A process ending on its own: take what is still free (our early diag lines are replayed), then flush.
  const removeExitFlush = installExitFlush(
    async () => {
      globals.ensure();
      await flushQuiet();
    },
    () => traces.spanEnds.ended,
  );

  let shuttingDown: Promise<void> | undefined;
  const handle: TelemetryHandle = {
    config,
    get metricsUrl() {
      return server?.url;
    },
    metricsHandler: metrics.handler,
    meterProvider: metrics.meterProvider,
    tracerProvider: traces.tracerProvider,
    ready: readyPromise(listening, () => globals.ensure()),
    forceFlush,
    exportStats: traces.exportStats,
    shutdown: () => {
      shuttingDown ??= (async () => {
        removeSignalHandlers();
        removeExitFlush();
        removeClaimListener();
        await listening;
        await settle('metrics server close', server?.close());
        detachInstrumentations();
        await settle('instrumentation disable', Promise.resolve().then(unregisterInstrumentations));
        await traces.shutdown();
        await metrics.shutdown();
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
