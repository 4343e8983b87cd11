/**
 * Small real services on 127.0.0.1 for the blackbox exporter to probe: plain HTTP servers that
 * answer one status, and an HTTPS server with a self-signed certificate made by openssl with a
 * chosen lifetime (its certificate file doubles as the CA file the exporter trusts).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { exec, output } from './exec.js';

export interface LoopbackService {
  readonly url: string;
  stop(): Promise<void>;
}

async function listen(
  server: HttpServer | HttpsServer,
  scheme: 'http' | 'https',
  path: string,
): Promise<LoopbackService> {
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `${scheme}://127.0.0.1:${port}${path}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server answering `status` with `body` on every path; its URL ends in `path`. */
export function startHttpService(path: string, status: number, body = 'ok\n'): Promise<LoopbackService> {
  const server = createHttpServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  return listen(server, 'http', path);
}

/** A self-signed certificate for 127.0.0.1 valid for `days`, written to `dir`. */
export async function selfSignedCertificate(
  dir: string,
  days: number,
): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const result = await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    String(days),
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  if (result.code !== 0) throw new Error(`openssl req failed:\n${output(result)}`);
  return { certFile, keyFile };
}

/** An HTTPS server answering 200 with the certificate in `certFile`. */
export function startHttpsService(
  path: string,
  tls: { certFile: string; keyFile: string },
): Promise<LoopbackService> {
  const server = createHttpsServer(
    { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"OK"}');
    },
  );
  return listen(server, 'https', path);
}
