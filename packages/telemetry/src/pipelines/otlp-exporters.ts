import { createRequire } from 'node:module';
import { OTLPMetricExporter as HttpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as HttpProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpProtocol } from './otlp-protocol.js';

type GrpcTraceModule = typeof import('@opentelemetry/exporter-trace-otlp-grpc');
type GrpcMetricModule = typeof import('@opentelemetry/exporter-metrics-otlp-grpc');

/**
 * The gRPC exporters bring `@grpc/grpc-js`, which takes a few hundred milliseconds to load: they are
 * required only when a signal uses `grpc`, not by every app that imports us. They are CommonJS-only
 * packages, so this loads the same module instance an `import` would.
 */
const requireOnDemand = createRequire(import.meta.url);

const TRACE_EXPORTERS: Readonly<Record<OtlpProtocol, () => SpanExporter>> = {
  grpc: () =>
    new (requireOnDemand('@opentelemetry/exporter-trace-otlp-grpc') as GrpcTraceModule).OTLPTraceExporter(),
  'http/protobuf': () => new HttpProtobufTraceExporter(),
  'http/json': () => new HttpJsonTraceExporter(),
};

const METRIC_EXPORTERS: Readonly<Record<OtlpProtocol, () => PushMetricExporter>> = {
  grpc: () =>
    new (
      requireOnDemand('@opentelemetry/exporter-metrics-otlp-grpc') as GrpcMetricModule
    ).OTLPMetricExporter(),
  'http/protobuf': () => new HttpProtobufMetricExporter(),
  'http/json': () => new HttpJsonMetricExporter(),
};

/**
 * The span exporter for a Collector over `protocol`. Endpoint, headers, timeout, compression and TLS
 * files are left to the upstream exporter, which reads the `OTEL_EXPORTER_OTLP_*` (and `…_TRACES_*`)
 * variables by the spec's rules: on HTTP `/v1/traces` is appended to the general endpoint, not to
 * the per-signal one; gRPC takes the endpoint as is (`http://` meaning plaintext).
 */
export function createOtlpTraceExporter(protocol: OtlpProtocol): SpanExporter {
  return TRACE_EXPORTERS[protocol]();
}

/** The metric exporter for a Collector over `protocol`; as {@link createOtlpTraceExporter}, for `…_METRICS_*`. */
export function createOtlpMetricExporter(protocol: OtlpProtocol): PushMetricExporter {
  return METRIC_EXPORTERS[protocol]();
}
