import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { log } from './diag-logger.js';
import { negotiateFormat } from './exposition-format.js';
import { OpenMetricsSerializer } from './openmetrics-text.js';
import { PrometheusTextSerializer } from './prometheus-text.js';
import { TimeSlicer } from './time-slicer.js';

/** A request handler serving the exposition text; mount it on your own server. */
export type MetricsHandler = (request: IncomingMessage, response: ServerResponse) => void;

function fail(response: ServerResponse, error: unknown, component: string): void {
  log.error(`${component}: /metrics collection failed`, error);
  if (!response.headersSent) response.statusCode = 500;
  response.end();
}

/**
 * Answers 200 with `parts` as the body, a slice of writes at a time: with its Content-Length (not
 * chunked), as `response.end(text)` answered, but without copying 1.6 MB into the socket in one go.
 * Nothing is sent before the whole body is written, so an error still answers 500.
 */
async function sendSliced(response: ServerResponse, contentType: string, parts: readonly Buffer[]) {
  response.statusCode = 200;
  response.setHeader('content-type', contentType);
  if (parts.length === 0) {
    response.end();
    return;
  }
  let length = 0;
  for (const part of parts) length += part.length;
  response.setHeader('content-length', length);
  const slicer = new TimeSlicer();
  for (const part of parts) {
    if (response.destroyed) return; // The scraper went away.
    response.write(part);
    if (slicer.due()) await slicer.pause();
  }
  response.end();
}

/**
 * Serves the exposition text of `exporter`. Our own handler rather than the exporter's, whose
 * serialisation runs in a promise callback where an error becomes an unhandled rejection (which
 * can end the app) and leaves the scrape hanging; here any error answers 500 and is logged.
 *
 * A scraper that asks for OpenMetrics (`Accept: application/openmetrics-text`, as Prometheus does)
 * gets OpenMetrics 1.0 with exemplars; anyone else the Prometheus text format 0.0.4, unchanged.
 * Both are written in time slices that yield to the event loop, so a scrape of a large store
 * delays the app's own I/O by one slice at most, not by the whole rendering.
 */
export function createMetricsHandler(
  exporter: PrometheusExporter,
  component = '@tradingagents/telemetry',
): MetricsHandler {
  // The exporter's text, faster (see PrometheusTextSerializer): no prefix, no timestamps, no scope labels.
  const writers = {
    'prometheus-text': new PrometheusTextSerializer(),
    openmetrics: new OpenMetricsSerializer(),
  };
  return (request, response) => {
    let collecting: Promise<unknown>;
    try {
      const writer = writers[negotiateFormat(request.headers.accept)];
      collecting = exporter
        .collect()
        .then(({ resourceMetrics, errors }) => {
          if (errors.length > 0) log.error(`${component}: metrics collection errors`, ...errors);
          return writer.encodeSliced(resourceMetrics);
        })
        .then((parts) => sendSliced(response, writer.contentType, request.method === 'HEAD' ? [] : parts));
    } catch (error) {
      fail(response, error, component);
      return;
    }
    collecting.catch((error: unknown) => fail(response, error, component));
  };
}

export interface StartedMetricsServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Where and how {@link startMetricsServer} serves. */
export interface MetricsServerOptions {
  host: string;
  port: number;
  endpoint: string;
  /** Prefix of log lines. @default '@tradingagents/telemetry' */
  component?: string;
  /** What to tell the user when the port is taken. */
  portInUseHint?: string;
}

/**
 * Serves `endpoint` on host:port. Our own server rather than the exporter's, so that port 0 works,
 * a bind error becomes a clear diag message (and an undefined result) instead of an unhandled
 * rejection, and the process goes on.
 */
export function startMetricsServer(
  handler: MetricsHandler,
  options: MetricsServerOptions,
): Promise<StartedMetricsServer | undefined> {
  const { host, port, endpoint } = options;
  const component = options.component ?? '@tradingagents/telemetry';
  const portHint =
    options.portInUseHint ??
    "Set OTEL_EXPORTER_PROMETHEUS_PORT (or the metrics.port option) to a free port, or metrics.server: 'none' to mount the handler yourself";
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.statusCode = 405;
      response.end();
    } else if (path === endpoint) handler(request, response);
    else {
      response.statusCode = 404;
      response.end();
    }
  });
  server.unref();
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use. ${portHint}`
          : `${error.code ?? error.message}`;
      log.error(
        `${component}: the /metrics server could not start: ${hint}. The process keeps running without it.`,
      );
      resolve(undefined);
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      server.on('error', (error) => log.error(`${component}: /metrics server error`, error));
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}${endpoint}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
