import type { RecordedRequest } from '../http/types.js';

/** A decoded OTLP `AnyValue`: `intValue` becomes a number (a string if beyond 2^53), `kvlistValue` an object, `bytesValue` its base64 text. */
export type OtlpAttributeValue =
  | string
  | number
  | boolean
  | null
  | OtlpAttributeValue[]
  | { [key: string]: OtlpAttributeValue };

/** Decoded attributes, key to value. */
export type OtlpAttributes = Record<string, OtlpAttributeValue>;

/** A span event as received. */
export interface OtlpSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: OtlpAttributes;
}

/** One span as received over OTLP/JSON, with its resource and scope. */
export interface OtlpSpan {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** Parent span id, `undefined` for a root span. */
  parentSpanId?: string;
  name: string;
  /** OTLP `SpanKind` (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
  kind: number;
  /** Unix time in nanoseconds, as a decimal string (exact). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttributes;
  events: OtlpSpanEvent[];
  /** OTLP `StatusCode` (0 unset, 1 ok, 2 error) and message. */
  status: { code: number; message?: string };
  resource: { attributes: OtlpAttributes };
  scope: { name: string; version?: string; attributes: OtlpAttributes };
}

/** Langfuse observation types (lower case, as `langfuse.observation.type` spells them). */
export type LangfuseObservationType =
  | 'span'
  | 'generation'
  | 'event'
  | 'agent'
  | 'tool'
  | 'chain'
  | 'retriever'
  | 'evaluator'
  | 'embedding'
  | 'guardrail';

/** A trace as Langfuse would store it after OTLP ingestion. */
export interface LangfuseTrace {
  id: string;
  /** `langfuse.trace.name`, else the root span's (mapped) name; `null` without either. */
  name: string | null;
  /** Start time of the earliest span of the trace, ISO 8601. */
  timestamp: string;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
  environment: string;
  release: string | null;
  version: string | null;
  public: boolean | null;
  metadata: Record<string, unknown>;
  input: unknown;
  output: unknown;
  /** Id of the root span, `null` when it has not arrived (yet). */
  rootObservationId: string | null;
  /** Ids of all observations of the trace, in arrival order. */
  observationIds: string[];
}

/** An observation as Langfuse would store it after OTLP ingestion. */
export interface LangfuseObservation {
  id: string;
  traceId: string;
  parentObservationId: string | null;
  name: string;
  type: LangfuseObservationType;
  startTime: string;
  endTime: string;
  completionStartTime: string | null;
  /** `DEBUG`, `DEFAULT`, `WARNING` or `ERROR`. */
  level: string;
  statusMessage: string | null;
  version: string | null;
  environment: string;
  /** Only kept for types that carry generation fields (all but `span` and `event`). */
  model: string | null;
  modelParameters: Record<string, unknown>;
  usageDetails: Record<string, number>;
  costDetails: Record<string, number>;
  promptName: string | null;
  promptVersion: number | null;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
  scope: { name: string; version?: string };
  /** The span's attributes exactly as received. */
  attributes: OtlpAttributes;
  resourceAttributes: OtlpAttributes;
  /** Problems Langfuse would silently drop, e.g. `langfuse.observation.usage_details` that is not JSON. */
  issues: string[];
}

/** Misbehaviour for failure tests; combine freely. */
export interface LangfuseReceiverMode {
  /** Answer every ingestion request with this status (spans are not stored). */
  status?: number;
  /** Wait before answering. */
  delayMs?: number;
  /** Answer 200 with a body that is not JSON (spans are stored). */
  malformedBody?: boolean;
  /** Destroy the socket without answering (spans are not stored). */
  hangUp?: boolean;
}

/** Options for {@link startLangfuseReceiver}. */
export interface LangfuseReceiverOptions {
  /** Public key accepted in Basic auth. @default 'pk-lf-testkit' */
  publicKey?: string;
  /** Secret key accepted in Basic auth. @default 'sk-lf-testkit' */
  secretKey?: string;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Largest accepted body after decompression. @default 16 MiB */
  maxBodyBytes?: number;
}

/** A running Langfuse OTLP receiver. */
export interface LangfuseReceiverHandle {
  /** Base URL to configure as the Langfuse host, e.g. `http://127.0.0.1:43123`. */
  readonly baseUrl: string;
  /** The port listened on. */
  readonly port: number;
  /** `${baseUrl}/api/public/otel/v1/traces`, the OTLP traces endpoint. */
  readonly tracesUrl: string;
  /** `Basic base64(publicKey:secretKey)`, ready for an `Authorization` header. */
  readonly authorization: string;
  /** Every request received, with the status answered. */
  readonly requests: RecordedRequest[];
  /** Every accepted span, in arrival order. */
  readonly spans: OtlpSpan[];
  /** Traces built from the spans so far with Langfuse's mapping. */
  traces(): LangfuseTrace[];
  /** Observations built from the spans so far with Langfuse's mapping, in arrival order. */
  observations(): LangfuseObservation[];
  /** Resolves once at least `count` spans have arrived; rejects after `timeoutMs` (default 5000). */
  waitForSpans(count: number, timeoutMs?: number): Promise<OtlpSpan[]>;
  /** Sets (or with `undefined` clears) a failure mode. */
  setMode(mode: LangfuseReceiverMode | undefined): void;
  /** Stops listening and destroys open connections. Idempotent. */
  close(): Promise<void>;
}
