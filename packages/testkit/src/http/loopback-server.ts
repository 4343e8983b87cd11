import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Handles one request; a rejection is answered with a 500 (or a dropped socket once headers are out). */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
) => Promise<void>;

/** A listening loopback server with a `close()` that really closes every socket. */
export interface LoopbackServer {
  readonly host: string;
  readonly port: number;
  /** Aborted when `close()` starts, so pending sleeps and streams stop at once. */
  readonly signal: AbortSignal;
  close(): Promise<void>;
}

/** Options for {@link listenLoopback}. */
export interface ListenOptions {
  host: string;
  port: number;
}

/**
 * Starts an HTTP server and tracks its sockets, so that `close()` resolves promptly even with
 * keep-alive clients (the OpenAI SDK and the OTLP exporter both keep connections open).
 */
export async function listenLoopback(
  handler: RequestHandler,
  options: ListenOptions,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const lifetime = new AbortController();
  const server: Server = createServer((req, res) => {
    // One signal per request: fires when the client goes away or the server closes.
    const request = new AbortController();
    const abort = (): void => request.abort();
    res.once('close', abort);
    lifetime.signal.addEventListener('abort', abort, { once: true });
    res.once('close', () => lifetime.signal.removeEventListener('abort', abort));
    handler(req, res, request.signal).catch((error: unknown) => failRequest(res, error));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A malformed request line must not crash the process; answer 400 the way Node does by default.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      lifetime.abort();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return { host: options.host, port: address.port, signal: lifetime.signal, close };
}

function failRequest(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: `testkit handler failed: ${message}`, type: 'server_error' } }));
}

/** Formats `http://host:port`, bracketing IPv6 literals. */
export function formatOrigin(host: string, port: number): string {
  const literal = host.includes(':') ? `[${host}]` : host;
  return `http://${literal}:${port}`;
}
