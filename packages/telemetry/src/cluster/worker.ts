/**
 * The worker side of cluster aggregation: serves this worker's exposition on its own loopback port
 * and tells the primary where, so the primary can collect it on each scrape of the host's endpoint.
 *
 * Why not the worker's usual `/metrics` server: in a `node:cluster` worker, `listen()` goes through
 * the primary, which shares one socket between the workers (round-robin), so N workers on port 9464,
 * or even on port 0, are one endpoint answering for a different worker on each scrape. This server
 * listens with `exclusive: true`: a port of its own.
 */
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { log } from '../diag-logger.js';
import type { TelemetryHandle } from '../handle.js';
import { ENDPOINT_MESSAGE, type EndpointMessage, isQueryMessage } from './protocol.js';

const COMPONENT = '@tradingagents/telemetry/cluster';
const PATH = '/metrics';

function listen(handle: TelemetryHandle): Promise<{ server: Server; url: string } | undefined> {
  const handler = handle.metricsHandler;
  if (handler === undefined) return Promise.resolve(undefined);
  const server = createServer((request, response) => {
    if ((request.url ?? '/').split('?', 1)[0] === PATH) handler(request, response);
    else {
      response.statusCode = 404;
      response.end();
    }
  });
  server.unref();
  return new Promise((resolve) => {
    server.once('error', (error) => {
      log.error(`${COMPONENT}: this worker's metrics listener could not start`, error);
      resolve(undefined);
    });
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}${PATH}` });
    });
  });
}

/**
 * In a `node:cluster` worker, serves this worker's metrics on a loopback port of its own and sends
 * the primary its URL (again whenever the primary asks). Register the worker's telemetry with
 * `metrics: { server: 'none' }`: the worker then opens no shared port. Outside a worker, or with
 * metrics disabled, it logs a warning through `diag` and does nothing. Never throws.
 *
 * @returns a function that stops serving and answering the primary
 * @example
 * const handle = registerTradingAgentsTelemetry({ metrics: { server: 'none' } });
 * shareMetricsWithPrimary(handle);
 */
export function shareMetricsWithPrimary(handle: TelemetryHandle): () => void {
  if (!cluster.isWorker || typeof process.send !== 'function') {
    log.warn(`${COMPONENT}: shareMetricsWithPrimary() called outside a cluster worker; nothing shared`);
    return () => {};
  }
  if (handle.metricsHandler === undefined) {
    log.warn(`${COMPONENT}: this worker's telemetry has metrics off; the primary cannot collect it`);
    return () => {};
  }
  let stopped = false;
  let url: string | undefined;
  const send = (): void => {
    if (stopped || url === undefined) return;
    const message: EndpointMessage = { type: ENDPOINT_MESSAGE, url };
    try {
      process.send?.(message, undefined, {}, (error: Error | null) => {
        if (error) log.warn(`${COMPONENT}: could not reach the primary`, error);
      });
    } catch (error) {
      log.warn(`${COMPONENT}: could not reach the primary`, error);
    }
  };
  const onMessage = (message: unknown): void => {
    if (isQueryMessage(message)) send();
  };
  process.on('message', onMessage);
  const listening = listen(handle).then((started) => {
    if (started === undefined) return undefined;
    if (stopped) {
      started.server.close();
      return undefined;
    }
    url = started.url;
    send();
    return started.server;
  });
  return () => {
    stopped = true;
    process.off('message', onMessage);
    void listening.then((server) => server?.close());
  };
}
