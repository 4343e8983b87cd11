import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatOrigin, listenLoopback } from '../http/loopback-server.js';
import { BodyError, readBody } from '../http/read-body.js';
import { recordRequest } from '../http/record.js';
import { sendJson } from '../http/response.js';
import { sleep } from '../http/timing.js';
import type { RecordedRequest } from '../http/types.js';
import { toObservation } from './observation.js';
import { decodeExportTraceRequest, OtlpDecodeError } from './otlp-decode.js';
import { buildTraces } from './trace.js';
import type {
  LangfuseObservation,
  LangfuseReceiverHandle,
  LangfuseReceiverMode,
  LangfuseReceiverOptions,
  LangfuseTrace,
  OtlpSpan,
} from './types.js';

/** The OTLP/HTTP traces path of a Langfuse server. */
export const LANGFUSE_OTLP_TRACES_PATH = '/api/public/otel/v1/traces';

/**
 * Starts a loopback stand-in for a Langfuse server's OTLP ingestion endpoint
 * (`POST /api/public/otel/v1/traces`, Basic auth with `publicKey:secretKey`, OTLP/JSON body,
 * optionally gzip-compressed). Accepted spans are kept and mapped to Langfuse traces and
 * observations with Langfuse's documented attribute mapping. Protobuf bodies get a 415 so that an
 * exporter configured for `http/protobuf` fails visibly.
 *
 * @example
 * ```ts
 * const langfuse = await startLangfuseReceiver({ publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' });
 * const exporter = new OTLPTraceExporter({
 *   url: langfuse.tracesUrl,
 *   headers: { Authorization: langfuse.authorization },
 * });
 * // … export spans …
 * const [trace] = langfuse.traces();
 * await langfuse.close();
 * ```
 */
export async function startLangfuseReceiver(
  options: LangfuseReceiverOptions = {},
): Promise<LangfuseReceiverHandle> {
  const publicKey = options.publicKey ?? 'pk-lf-testkit';
  const secretKey = options.secretKey ?? 'sk-lf-testkit';
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const authorization = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;
  const requests: RecordedRequest[] = [];
  const spans: OtlpSpan[] = [];
  const waiters = new Set<() => void>();
  let mode: LangfuseReceiverMode | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> => {
    const recorded = recordRequest(req, res, requests);
    const { path, method } = recorded;
    const fail = (status: number, message: string): void =>
      sendJson(res, status, { message, error: message });

    if (path !== LANGFUSE_OTLP_TRACES_PATH) return fail(404, `Not found: ${method} ${path}`);
    if (method !== 'POST') return fail(405, `Method not allowed: ${method}`);
    // Langfuse answers 401 with a JSON message for missing or wrong credentials.
    if (!sameCredentials(req.headers.authorization, authorization)) {
      req.resume();
      return fail(401, 'Invalid credentials: expected Basic auth with base64(publicKey:secretKey)');
    }

    const current = mode;
    await sleep(current?.delayMs ?? 0, signal);
    if (signal.aborted) return;
    if (current?.hangUp) {
      req.socket.destroy();
      return;
    }
    if (current?.status !== undefined) {
      req.resume();
      return fail(current.status, `Injected failure (status ${current.status})`);
    }

    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      req.resume();
      const hint = contentType.includes('protobuf')
        ? 'this receiver only decodes OTLP/JSON; configure the exporter for http/json'
        : 'expected application/json';
      return fail(415, `Unsupported content type "${contentType}": ${hint}`);
    }

    let decoded: OtlpSpan[];
    try {
      const raw = await readBody(req, { limitBytes: maxBodyBytes });
      recorded.body = JSON.parse(raw.toString('utf8'));
      decoded = decodeExportTraceRequest(recorded.body);
    } catch (error) {
      if (error instanceof BodyError) return fail(error.status, error.message);
      if (error instanceof SyntaxError || error instanceof OtlpDecodeError) return fail(400, error.message);
      throw error;
    }
    spans.push(...decoded);
    for (const wake of waiters) wake();

    if (current?.malformedBody) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>this is not JSON</html>');
      return;
    }
    // An empty ExportTraceServiceResponse: no partial_success means everything was accepted.
    sendJson(res, 200, {});
  };

  const server = await listenLoopback(handle, { host, port: options.port ?? 0 });
  const baseUrl = formatOrigin(host, server.port);

  const waitForSpans = (count: number, timeoutMs = 5000): Promise<OtlpSpan[]> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (spans.length < count) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve([...spans]);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} spans (got ${spans.length})`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    baseUrl,
    port: server.port,
    tracesUrl: `${baseUrl}${LANGFUSE_OTLP_TRACES_PATH}`,
    authorization,
    requests,
    spans,
    traces: (): LangfuseTrace[] => buildTraces(spans),
    observations: (): LangfuseObservation[] => spans.map(toObservation),
    waitForSpans,
    setMode: (next) => {
      mode = next === undefined ? undefined : { ...next };
    },
    close: () => server.close(),
  };
}

// Compares the decoded `user:password` pair, so header casing and base64 padding do not matter.
function sameCredentials(header: string | undefined, expected: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (match === null) return false;
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  return given === Buffer.from(expected.slice('Basic '.length), 'base64').toString('utf8');
}
