import { diag } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  createMetricsHandler,
  type MetricsHandler,
  type StartedMetricsServer,
  startMetricsServer,
} from '@tradingagents/telemetry/serving';
import { MetricsApiClient } from './client.js';
import { type ResolvedExporterConfig, resolveExporterConfig } from './config.js';
import type { EnvSource } from './env.js';
import { createInstruments } from './instruments.js';
import { LangfusePoller, type PollerStatus } from './poller.js';
import type { LangfuseExporterOptions } from './types.js';
import { VERSION } from './version.js';

const COMPONENT = '@tradingagents/langfuse-exporter';
const LOG = `${COMPONENT}:`;

/** The running exporter. */
export interface LangfuseExporterHandle {
  readonly config: ResolvedExporterConfig;
  /** The `/metrics` URL, or undefined if the server is off or could not bind. */
  readonly url: string | undefined;
  /** The `/metrics` server, if started. */
  readonly server: StartedMetricsServer | undefined;
  /** A request handler serving the exposition text, to mount on your own server. */
  readonly metricsHandler: MetricsHandler;
  /** Polls now, out of schedule (one request to a rate-limited API); never rejects. */
  pollNow(): Promise<void>;
  status(): PollerStatus;
  /** Stops polling, aborts a request in flight, closes the server. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Starts the bridge: polls the Langfuse Metrics API on a timer and serves the cached values as
 * Prometheus metrics. Throws only for invalid options or missing keys; at run time every failure is
 * logged through `diag`, counted, and leaves the last good values in place.
 *
 * @example
 * ```ts
 * import { startLangfuseExporter } from '@tradingagents/langfuse-exporter';
 *
 * const exporter = await startLangfuseExporter({ port: 9465 }); // keys from LANGFUSE_* env vars
 * process.once('SIGTERM', () => void exporter.shutdown());
 * ```
 */
export async function startLangfuseExporter(
  options: LangfuseExporterOptions = {},
  env: EnvSource = process.env,
): Promise<LangfuseExporterHandle> {
  const config = resolveExporterConfig(options, env);
  const client = new MetricsApiClient(config);

  const prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  // Its own provider, never the global one: an app embedding the exporter keeps its own metrics apart.
  const meterProvider = new MeterProvider({ readers: [prometheus] });
  const meter = meterProvider.getMeter('@tradingagents/langfuse-exporter', VERSION);

  let poller: LangfusePoller | undefined;
  const observer = createInstruments(meter, {
    current: () => poller?.current(),
    apiVersion: () => poller?.status().apiVersion ?? 'v2',
    windowSeconds: config.windowSeconds,
    queryDelaySeconds: config.queryDelaySeconds,
    driftThresholdPercent: config.driftThresholdPercent,
  });
  poller = new LangfusePoller(config, client, observer);
  const activePoller = poller;

  const metricsHandler = createMetricsHandler(prometheus, COMPONENT);
  const server = config.serveMetrics
    ? await startMetricsServer(metricsHandler, {
        host: config.host,
        port: config.port,
        endpoint: '/metrics',
        component: COMPONENT,
        portInUseHint: 'Set LANGFUSE_EXPORTER_PORT (--port, or the port option) to a free port',
      })
    : undefined;
  if (server !== undefined) {
    diag.info(
      `${LOG} serving ${server.url}; polling ${config.baseUrl} every ${config.pollIntervalSeconds}s ` +
        `over a ${config.windowSeconds}s window ending ${config.queryDelaySeconds}s before each poll.`,
    );
  }
  activePoller.start();

  let closing: Promise<void> | undefined;
  return {
    config,
    url: server?.url,
    server,
    metricsHandler,
    pollNow: () => activePoller.pollNow(),
    status: () => activePoller.status(),
    shutdown: () => {
      closing ??= (async () => {
        await activePoller.stop();
        await server?.close();
        await meterProvider.shutdown().catch((error: unknown) => diag.error(`${LOG} shutdown error`, error));
        diag.info(`${LOG} stopped.`);
      })();
      return closing;
    },
  };
}
