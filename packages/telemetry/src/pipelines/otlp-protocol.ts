/** The OTLP transports of the spec (`OTEL_EXPORTER_OTLP_PROTOCOL`), all three supported. */
export const OTLP_PROTOCOLS = Object.freeze(['http/protobuf', 'grpc', 'http/json'] as const);

/** One OTLP transport: protobuf over HTTP, protobuf over gRPC, or JSON over HTTP. */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/**
 * The default when no protocol is configured. The spec: "If no configuration is provided the
 * default transport SHOULD be `http/protobuf` unless SDKs have good reasons to choose `grpc`"
 * (specification/protocol/exporter.md, "Specify Protocol"); it is also what a Collector's OTLP
 * receiver on 4318 and the upstream JS `NodeSDK` default to.
 */
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';
