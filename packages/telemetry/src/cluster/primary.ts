/**
 * The primary side of cluster aggregation: one `/metrics` per host for an app run under
 * `node:cluster`. On each scrape the primary collects every worker's own `/metrics` (on loopback,
 * announced by {@link shareMetricsWithPrimary}), merges them (see {@link ClusterAggregator} for the
 * rules) and answers with one exposition. Errors never reach the app: a worker that does not answer
 * in time counts with its last exposition, and the failure is logged through `diag` and counted in
 * `tradingagents_telemetry_internal_errors_total{component="cluster"}`.
 */
import cluster, { type Worker } from 'node:cluster';
import { METRICS } from '../catalogue.js';
import { resolveConfig } from '../config.js';
import { installDiagLogger, log } from '../diag-logger.js';
import { type MetricsHandler, type StartedMetricsServer, startMetricsServer } from '../metrics-server.js';
import { ClusterAggregator } from './aggregator.js';
import { type Family, parseExposition } from './exposition.js';
import { getText } from './http-text.js';
import { isEndpointMessage, QUERY_MESSAGE } from './protocol.js';

const COMPONENT = '@tradingagents/telemetry/cluster';
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Options of {@link startClusterMetrics}. */
export interface ClusterMetricsOptions {
  /**
   * Host of the host-level `/metrics` server.
   * @default '127.0.0.1' (env `OTEL_EXPORTER_PROMETHEUS_HOST`)
   */
  host?: string;
  /**
   * Port; `0` picks a free one (read it from `url`).
   * @default 9464 (env `OTEL_EXPORTER_PROMETHEUS_PORT`)
   */
  port?: number;
  /** @default '/metrics' */
  endpoint?: string;
  /**
   * How long a scrape waits for each worker before using that worker's last exposition. Keep it
   * below Prometheus' `scrape_timeout`.
   * @default 2000
   */
  workerTimeoutMs?: number;
}

/** What {@link startClusterMetrics} returns. */
export interface ClusterMetrics {
  /** The host-level `/metrics` URL; `undefined` when the port could not be bound. */
  readonly url: string | undefined;
  /** Serves the merged exposition; mount it on your own server if you prefer. */
  readonly handler: MetricsHandler;
  /** Workers that announced their endpoint and have not exited. */
  workers(): number;
  /** Stops serving and listening to the workers. Never rejects. */
  close(): Promise<void>;
}

interface Endpoint {
  readonly slot: number;
  url: string;
  /** The collection under way, which the worker's exit waits for before retiring it. */
  collecting: Promise<void> | undefined;
  /** Set once its counters moved to the retired sum: a late answer must not count them twice. */
  retired: boolean;
}

/**
 * Starts the host-level `/metrics` in a `node:cluster` primary. Call it before or after forking:
 * workers that started earlier are asked for their endpoint. Throws only when called outside a
 * primary (a programmer error).
 *
 * @example
 * if (cluster.isPrimary) {
 *   await startClusterMetrics({ port: 9464 });
 *   for (let i = 0; i < 4; i++) cluster.fork();
 * } else {
 *   shareMetricsWithPrimary(registerTradingAgentsTelemetry({ metrics: { server: 'none' } }));
 * }
 */
export async function startClusterMetrics(options: ClusterMetricsOptions = {}): Promise<ClusterMetrics> {
  if (!cluster.isPrimary) throw new Error('startClusterMetrics() must be called in the cluster primary');
  // The primary usually registers no telemetry of its own: our warnings need a logger (or the app's).
  installDiagLogger();
  const config = resolveConfig({
    metrics: { host: options.host, port: options.port, endpoint: options.endpoint },
  }).metrics;
  const timeoutMs = options.workerTimeoutMs ?? 2_000;
  const aggregator = new ClusterAggregator();
  const endpoints = new Map<number, Endpoint>();
  let failures = 0;

  const freeSlot = (): number => {
    const used = new Set([...endpoints.values()].map((e) => e.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    return slot;
  };
  const onMessage = (worker: Worker, message: unknown): void => {
    if (!isEndpointMessage(message)) return;
    const known = endpoints.get(worker.id);
    if (known) known.url = message.url;
    else
      endpoints.set(worker.id, { slot: freeSlot(), url: message.url, collecting: undefined, retired: false });
    log.debug(
      `${COMPONENT}: worker ${worker.id} serves ${message.url} (slot ${endpoints.get(worker.id)?.slot})`,
    );
  };
  const onExit = (worker: Worker): void => {
    const endpoint = endpoints.get(worker.id);
    if (endpoint === undefined) return;
    // A scrape may be reading this worker right now: retire what it last answered, once, after that.
    void (endpoint.collecting ?? Promise.resolve()).then(() => {
      endpoint.retired = true;
      endpoints.delete(worker.id);
      aggregator.retire(endpoint.slot);
      log.debug(`${COMPONENT}: worker ${worker.id} exited; slot ${endpoint.slot} retired`);
    });
  };
  cluster.on('message', onMessage);
  cluster.on('exit', onExit);
  for (const worker of Object.values(cluster.workers ?? {})) {
    try {
      worker?.send({ type: QUERY_MESSAGE });
    } catch {
      // A worker on its way out; it announces itself again if it lives.
    }
  }

  const collect = async (endpoint: Endpoint): Promise<void> => {
    const { slot, url } = endpoint;
    try {
      const exposition = parseExposition(await getText(url, timeoutMs));
      if (!endpoint.retired) aggregator.update(slot, exposition);
    } catch (error) {
      if (endpoint.retired) return;
      failures++;
      log.warn(
        `${COMPONENT}: worker ${slot} (${url}) did not answer; its last exposition ${aggregator.has(slot) ? 'is used' : 'is missing'}`,
        error,
      );
    }
  };
  const collectOne = (endpoint: Endpoint): Promise<void> => {
    const collecting = collect(endpoint);
    endpoint.collecting = collecting;
    return collecting;
  };
  const ownFamilies = (): Family[] => {
    if (failures === 0) return [];
    const name = METRICS.internalErrors.prometheusName;
    const family: Family = { name, type: 'counter', help: undefined, unit: undefined, samples: new Map() };
    family.samples.set(`${name}{component="cluster"}`, {
      name,
      labels: 'component="cluster"',
      value: failures,
    });
    return [family];
  };
  const handler: MetricsHandler = (request, response) => {
    Promise.all([...endpoints.values()].map(collectOne))
      .then(() => {
        const text = aggregator.render(ownFamilies());
        response.statusCode = 200;
        response.setHeader('content-type', CONTENT_TYPE);
        response.end(request.method === 'HEAD' ? undefined : text);
      })
      .catch((error: unknown) => {
        log.error(`${COMPONENT}: /metrics aggregation failed`, error);
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      });
  };

  const server: StartedMetricsServer | undefined = await startMetricsServer(handler, {
    host: config.host,
    port: config.port,
    endpoint: config.endpoint,
    component: COMPONENT,
  });
  return {
    url: server?.url,
    handler,
    workers: () => endpoints.size,
    close: async () => {
      cluster.off('message', onMessage);
      cluster.off('exit', onExit);
      await server?.close().catch(() => undefined);
    },
  };
}
