import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as HttpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as HttpProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpProtocol } from './otlp-protocol.js';

const TRACE_EXPORTERS: Readonly<Record<OtlpProtocol, new () => SpanExporter>> = {
  grpc: GrpcTraceExporter,
  'http/protobuf': HttpProtobufTraceExporter,
  'http/json': HttpJsonTraceExporter,
};

const METRIC_EXPORTERS: Readonly<Record<OtlpProtocol, new () => PushMetricExporter>> = {
  grpc: GrpcMetricExporter,
  'http/protobuf': HttpProtobufMetricExporter,
  'http/json': HttpJsonMetricExporter,
};

/**
 * The span exporter for a Collector over `protocol`. Endpoint, headers, timeout, compression and TLS
 * files are left to the upstream exporter, which reads the `OTEL_EXPORTER_OTLP_*` (and `…_TRACES_*`)
 * variables by the spec's rules: on HTTP `/v1/traces` is appended to the general endpoint, not to
 * the per-signal one; gRPC takes the endpoint as is (`http://` meaning plaintext).
 */
export function createOtlpTraceExporter(protocol: OtlpProtocol): SpanExporter {
  return new TRACE_EXPORTERS[protocol]();
}

/** The metric exporter for a Collector over `protocol`; as {@link createOtlpTraceExporter}, for `…_METRICS_*`. */
export function createOtlpMetricExporter(protocol: OtlpProtocol): PushMetricExporter {
  return new METRIC_EXPORTERS[protocol]();
}
