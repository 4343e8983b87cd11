import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';

/** A request handler serving the exposition text; mount it on your own server. */
export type MetricsHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function createMetricsHandler(exporter: PrometheusExporter): MetricsHandler {
  return (request, response) => {
    try {
      exporter.getMetricsRequestHandler(request, response);
    } catch (error) {
      diag.error('@tradingagents/langfuse-exporter: /metrics handler failed', error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    }
  };
}

export interface StartedMetricsServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `endpoint` on host:port. Our own server rather than the exporter's, so that port 0 works and
 * a bind error becomes a clear diag message (and an undefined result) instead of an unhandled rejection.
 */
export function startMetricsServer(
  handler: MetricsHandler,
  host: string,
  port: number,
  endpoint: string,
): Promise<StartedMetricsServer | undefined> {
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
          ? `port ${port} on ${host} is already in use. Set LANGFUSE_EXPORTER_PORT (--port, or the port option) to a free port`
          : `${error.code ?? error.message}`;
      diag.error(`@tradingagents/langfuse-exporter: the /metrics server could not start: ${hint}.`);
      resolve(undefined);
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      server.on('error', (error) =>
        diag.error('@tradingagents/langfuse-exporter: /metrics server error', error),
      );
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
