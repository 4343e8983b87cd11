import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js';
import { formatOrigin, listenLoopback } from '../http/loopback-server.js';
import { BodyError, readBody } from '../http/read-body.js';
import { decodeExportTraceRequest } from '../langfuse/otlp-decode.js';
import type { OtlpSpan } from '../langfuse/types.js';
import { decodeExportMetricsRequest, type OtlpMetric } from './metrics-decode.js';
import { decodeOtlpProtobuf, type OtlpSignal } from './proto.js';

/** How a batch reached the collector, named as `OTEL_EXPORTER_OTLP_PROTOCOL` names it. */
export type OtlpTransport = 'grpc' | 'http/protobuf' | 'http/json';

/** One accepted export request. */
export interface OtlpBatch {
  signal: OtlpSignal;
  transport: OtlpTransport;
  /** The HTTP path or the gRPC method path it arrived on. */
  path: string;
  spans: OtlpSpan[];
  metrics: OtlpMetric[];
}

/** A loopback OpenTelemetry Collector stand-in: OTLP/gRPC and OTLP/HTTP (protobuf and JSON) receivers. */
export interface OtlpCollectorHandle {
  /** `http://127.0.0.1:<port>` of the gRPC receiver (the Collector's 4317). */
  readonly grpcUrl: string;
  /** `http://127.0.0.1:<port>` of the HTTP receiver (the Collector's 4318), serving `/v1/traces` and `/v1/metrics`. */
  readonly httpUrl: string;
  /** Every accepted request, in arrival order. */
  readonly batches: readonly OtlpBatch[];
  /** Requests refused (wrong path, content type or undecodable body), as `transport path: reason`. */
  readonly rejected: readonly string[];
  /** Forgets what was received so far (between tests). */
  clear(): void;
  close(): Promise<void>;
}

const GRPC_METHODS: Record<OtlpSignal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const HTTP_PATHS: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics' };

function toBatch(signal: OtlpSignal, transport: OtlpTransport, path: string, request: unknown): OtlpBatch {
  return signal === 'traces'
    ? { signal, transport, path, spans: decodeExportTraceRequest(request), metrics: [] }
    : { signal, transport, path, spans: [], metrics: decodeExportMetricsRequest(request) };
}

/** A gRPC service of one `Export` method taking raw bytes; the empty response is zero bytes. */
function exportService(path: string) {
  return {
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: Buffer) => value,
      requestDeserialize: (bytes: Buffer) => bytes,
      responseSerialize: () => Buffer.alloc(0),
      responseDeserialize: () => ({}),
    },
  };
}

async function startGrpc(host: string, accept: (signal: OtlpSignal, body: Buffer) => string | undefined) {
  const server = new Server();
  for (const signal of ['traces', 'metrics'] as const) {
    server.addService(exportService(GRPC_METHODS[signal]), {
      Export: (call: ServerUnaryCall<Buffer, object>, done: sendUnaryData<object>) => {
        const problem = accept(signal, call.request);
        if (problem === undefined) done(null, {});
        else done({ code: status.INVALID_ARGUMENT, details: problem });
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:0`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, port };
}

/**
 * Starts a loopback OTLP collector: a gRPC server with the `TraceService` and `MetricsService`
 * `Export` methods, and an HTTP server taking `POST /v1/traces` and `/v1/metrics` as
 * `application/x-protobuf` or `application/json` (gzip too). Every body is decoded (protobuf with
 * the OTLP field numbers) into spans and metric points, tagged with the transport it came by.
 *
 * @example
 * ```ts
 * const collector = await startOtlpCollector();
 * process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'grpc';
 * process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.grpcUrl;
 * // … export …
 * const grpcSpans = collector.batches.filter((b) => b.transport === 'grpc').flatMap((b) => b.spans);
 * await collector.close();
 * ```
 */
export async function startOtlpCollector(host = '127.0.0.1'): Promise<OtlpCollectorHandle> {
  const batches: OtlpBatch[] = [];
  const rejected: string[] = [];
  const accept = (signal: OtlpSignal, transport: OtlpTransport, path: string, body: Buffer) => {
    try {
      const request =
        transport === 'http/json' ? JSON.parse(body.toString('utf8')) : decodeOtlpProtobuf(signal, body);
      batches.push(toBatch(signal, transport, path, request));
      return undefined;
    } catch (error) {
      const reason = `${transport} ${path}: ${(error as Error).message}`;
      rejected.push(reason);
      return reason;
    }
  };
  const grpc = await startGrpc(host, (signal, body) => accept(signal, 'grpc', GRPC_METHODS[signal], body));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const signal = HTTP_PATHS[path];
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const transport =
      type === 'application/x-protobuf'
        ? 'http/protobuf'
        : type === 'application/json'
          ? 'http/json'
          : undefined;
    const refuse = (code: number, reason: string): void => {
      rejected.push(`http ${path}: ${reason}`);
      req.resume();
      res.writeHead(code, { 'content-type': 'text/plain' }).end(reason);
    };
    if (req.method !== 'POST' || signal === undefined)
      return refuse(404, `no OTLP route ${req.method} ${path}`);
    if (transport === undefined) return refuse(415, `unsupported content-type ${type}`);
    let body: Buffer;
    try {
      body = await readBody(req, { limitBytes: 32 * 1024 * 1024 });
    } catch (error) {
      if (error instanceof BodyError) return refuse(error.status, error.message);
      throw error;
    }
    const problem = accept(signal, transport, path, body);
    if (problem !== undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
    } else if (transport === 'http/json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else {
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    }
  };
  const http = await listenLoopback(handle, { host, port: 0 });

  return {
    grpcUrl: formatOrigin(host, grpc.port),
    httpUrl: formatOrigin(host, http.port),
    batches,
    rejected,
    clear: () => {
      batches.length = 0;
      rejected.length = 0;
    },
    close: async () => {
      grpc.server.forceShutdown();
      await http.close();
    },
  };
}
