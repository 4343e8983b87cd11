import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpCollectorHandle, startOtlpCollector } from '../src/index.js';

let collector: OtlpCollectorHandle;
beforeAll(async () => {
  collector = await startOtlpCollector();
});
afterAll(() => collector.close());

const post = (path: string, type: string, body: string | Uint8Array) =>
  fetch(`${collector.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

// A hand-encoded ExportTraceServiceRequest: resource_spans(1) { scope_spans(2) { spans(2) { trace_id(1),
// span_id(2), name(5) "op", attributes(9) { key(1) "k", value(2) { int_value(3) 7 } } } } }.
const attribute = [0x0a, 0x01, 0x6b, 0x12, 0x02, 0x18, 0x07];
const ids = [0x0a, 16, ...Array(16).fill(0xab), 0x12, 8, ...Array(8).fill(0xcd)];
const span = [...ids, 0x2a, 0x02, 0x6f, 0x70, 0x4a, attribute.length, ...attribute];
const scopeSpans = [0x12, span.length, ...span];
const resourceSpans = [0x12, scopeSpans.length, ...scopeSpans];
const TRACE_REQUEST = Uint8Array.from([0x0a, resourceSpans.length, ...resourceSpans]);

describe('startOtlpCollector', () => {
  it('decodes an OTLP/HTTP protobuf request by the OTLP field numbers', async () => {
    collector.clear();
    const response = await post('/v1/traces', 'application/x-protobuf', TRACE_REQUEST);
    expect(response.status).toBe(200);
    expect(collector.batches).toHaveLength(1);
    expect(collector.batches[0]?.transport).toBe('http/protobuf');
    expect(collector.batches[0]?.spans.map((s) => [s.traceId, s.spanId, s.name, s.attributes])).toEqual([
      ['ab'.repeat(16), 'cd'.repeat(8), 'op', { k: 7 }],
    ]);
  });

  it('refuses an unknown content type, an unknown path and undecodable bodies, and records why', async () => {
    collector.clear();
    expect((await post('/v1/traces', 'text/plain', 'x')).status).toBe(415);
    expect((await post('/v1/logs', 'application/json', '{}')).status).toBe(404);
    expect((await post('/v1/metrics', 'application/json', '{not json')).status).toBe(400);
    expect((await post('/v1/traces', 'application/x-protobuf', Uint8Array.from([0x0a, 0x05]))).status).toBe(
      400,
    );
    expect(collector.batches).toHaveLength(0);
    expect(collector.rejected).toHaveLength(4);
  });

  it('answers INVALID_ARGUMENT over gRPC to a body that is not an OTLP request', async () => {
    collector.clear();
    const Client = makeGenericClientConstructor(
      {
        Export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: (value: Buffer) => value,
          requestDeserialize: (value: Buffer) => value,
          responseSerialize: (value: Buffer) => value,
          responseDeserialize: (value: Buffer) => value,
        },
      },
      'TraceService',
    );
    const client = new Client(collector.grpcUrl.replace('http://', ''), credentials.createInsecure());
    const call = (body: Buffer) =>
      new Promise<ServiceError | null>((resolve) =>
        (client as unknown as { Export: (b: Buffer, cb: (e: ServiceError | null) => void) => void }).Export(
          body,
          resolve,
        ),
      );
    expect(await call(Buffer.from(TRACE_REQUEST))).toBeNull();
    expect((await call(Buffer.from([0x0a, 0x05])))?.code).toBe(3);
    client.close();
    expect(collector.batches.map((b) => [b.transport, b.spans.length])).toEqual([['grpc', 1]]);
    expect(collector.rejected).toHaveLength(1);
  });
});
