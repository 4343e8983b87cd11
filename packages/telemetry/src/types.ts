import type { Attributes } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { OtlpProtocol } from './pipelines/otlp-protocol.js';
import type { ModelPrice } from './pricing/types.js';

/** A user mask for captured content. It must return the masked text; if it throws, the content is dropped. */
export type ContentMask = (content: string) => string;

/** Options for the Prometheus `/metrics` endpoint. */
export interface MetricsOptions {
  /**
   * Expose metrics at all.
   * @default true (env `TRADINGAGENTS_METRICS_ENABLED`)
   */
  enabled?: boolean;
  /**
   * Address the `/metrics` server binds to. Loopback by default so nothing is exposed by accident.
   * @default '127.0.0.1' (env `OTEL_EXPORTER_PROMETHEUS_HOST`)
   */
  host?: string;
  /**
   * Port of the `/metrics` server. `0` picks a free port (read it back from `handle.metricsUrl`).
   * @default 9464 (env `OTEL_EXPORTER_PROMETHEUS_PORT`)
   */
  port?: number;
  /**
   * Path served.
   * @default '/metrics'
   */
  endpoint?: string;
  /**
   * `'listen'` opens its own HTTP server; `'none'` opens nothing, and you mount
   * `handle.metricsHandler` on your own server.
   * @default 'listen' (env `TRADINGAGENTS_METRICS_SERVER`: `listen` | `none`)
   */
  server?: 'listen' | 'none';
}

/** Options for span export to Langfuse through `@langfuse/otel`. */
export interface LangfuseOptions {
  /**
   * Export to Langfuse. On by default when both keys are present.
   * @default true when keys are set (env `TRADINGAGENTS_LANGFUSE_ENABLED`)
   */
  enabled?: boolean;
  /** @default env `LANGFUSE_PUBLIC_KEY` */
  publicKey?: string;
  /** @default env `LANGFUSE_SECRET_KEY` */
  secretKey?: string;
  /** @default 'https://cloud.langfuse.com' (env `LANGFUSE_BASE_URL`) */
  baseUrl?: string;
  /** @default env `LANGFUSE_TRACING_ENVIRONMENT` */
  environment?: string;
  /** @default env `LANGFUSE_RELEASE` */
  release?: string;
  /**
   * `batched` for long-running services, `immediate` for short-lived processes.
   * @default 'batched'
   */
  exportMode?: 'batched' | 'immediate';
  /**
   * Spans per export request (and the batch size that triggers an export).
   * @default 512 (env `LANGFUSE_FLUSH_AT`)
   */
  flushAt?: number;
  /**
   * Seconds spans may wait for a fuller batch; `exportMode: 'immediate'` means 0.
   * @default 5 (env `LANGFUSE_FLUSH_INTERVAL`)
   */
  flushIntervalSeconds?: number;
  /**
   * Spans held while the endpoint is slow or down; past it, spans are dropped and counted.
   * @default 2048
   */
  maxQueueSize?: number;
  /**
   * Export timeout per request, in seconds.
   * @default 5 (env `LANGFUSE_TIMEOUT`)
   */
  timeoutSeconds?: number;
  /**
   * Replace the OTLP exporter (a test seam, or a custom transport). Spans are still counted.
   */
  exporter?: SpanExporter;
}

/** Bounds on labels that carry user data. Past a bound, new values fold into `__other__`. */
export interface CardinalityOptions {
  /** @default 250 (env `TRADINGAGENTS_MAX_TICKERS`) */
  maxTickers?: number;
  /** @default 50 (env `TRADINGAGENTS_MAX_MODELS`) */
  maxModels?: number;
  /** @default 100 (env `TRADINGAGENTS_MAX_AGENTS`) */
  maxAgents?: number;
  /** @default 100 (env `TRADINGAGENTS_MAX_TOOLS`) */
  maxTools?: number;
}

/** Prompt/completion content capture. */
export interface ContentOptions {
  /**
   * Capture prompt and completion content on spans. Off by default.
   * @default false (env `TRADINGAGENTS_CAPTURE_CONTENT`, else `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`)
   */
  capture?: boolean;
  /** Applied to every captured string. If it throws, the content is replaced by a placeholder (fails closed). */
  mask?: ContentMask;
  /**
   * Captured strings are truncated to this many characters.
   * @default 8192 (env `TRADINGAGENTS_CONTENT_MAX_LENGTH`)
   */
  maxLength?: number;
}

/** Where spans still unsent when the process ends are kept for the next process (opt-in). */
export interface SpoolOptions {
  /**
   * The spool directory (created owner-only). Each exporter uses a subdirectory; a process started
   * with the same directory sends what an earlier one left. Off when unset.
   * @default undefined (env `TRADINGAGENTS_SPOOL_DIR`)
   */
  dir?: string;
  /**
   * Bound of each exporter's spool files together, in bytes.
   * @default 67108864 (64 MiB; env `TRADINGAGENTS_SPOOL_MAX_BYTES`)
   */
  maxBytes?: number;
}

/** Which agent-framework auto-instrumentations to enable (needs `@tradingagents/instrumentation`). */
export interface AutoInstrumentOptions {
  /** @default true (env `TRADINGAGENTS_INSTRUMENT_LANGCHAIN`) */
  langchain?: boolean;
  /** @default true (env `TRADINGAGENTS_INSTRUMENT_OPENAI`) */
  openai?: boolean;
  /** Google's GenAI SDK, `@google/genai`. @default true (env `TRADINGAGENTS_INSTRUMENT_GOOGLE_GENAI`) */
  googleGenAI?: boolean;
  /** The Anthropic SDK (`@anthropic-ai/sdk`). @default true (env `TRADINGAGENTS_INSTRUMENT_ANTHROPIC`) */
  anthropic?: boolean;
  /** The OpenAI Agents SDK (`@openai/agents`). @default true (env `TRADINGAGENTS_INSTRUMENT_OPENAI_AGENTS`) */
  openaiAgents?: boolean;
  /** The Vercel AI SDK, `ai` 7. @default true (env `TRADINGAGENTS_INSTRUMENT_AI_SDK`) */
  aiSdk?: boolean;
}

/** Options of {@link registerTradingAgentsTelemetry}. Every option falls back to its env var, then its default. */
export interface TradingAgentsTelemetryOptions {
  /** @default 'tradingagents' (env `OTEL_SERVICE_NAME`) */
  serviceName?: string;
  /** Version reported as `service.version`. */
  serviceVersion?: string;
  /**
   * Turn everything off: no SDK, no port. The tracking API still runs the user's callbacks.
   * @default false (env `OTEL_SDK_DISABLED`)
   */
  disabled?: boolean;
  metrics?: MetricsOptions;
  langfuse?: LangfuseOptions;
  cardinality?: CardinalityOptions;
  content?: ContentOptions;
  /** Prices (USD per 1M tokens) that override or extend the bundled price table, by model name. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Agent-framework auto-instrumentation. */
  autoInstrument?: AutoInstrumentOptions;
  /** Extra OpenTelemetry instrumentations, e.g. `getNodeAutoInstrumentations()`. */
  instrumentations?: (Instrumentation | Instrumentation[])[];
  /** Extra span processors, run after ours. */
  spanProcessors?: SpanProcessor[];
  /**
   * Push traces and metrics over OTLP too. On when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces/metrics
   * specific variant) is set.
   * @default env-driven
   */
  otlp?: boolean;
  /** The OTLP transport of traces and of metrics pushed to a Collector (not of the Langfuse export). */
  otlpProtocol?: OtlpProtocolOptions;
  /**
   * How long an export outage (Langfuse or OTLP) is retried, with exponential backoff, before the
   * oldest spans are dropped (and counted); `0` never retries.
   * @default 300 (env `TRADINGAGENTS_EXPORT_RETRY_SECONDS`)
   */
  exportRetrySeconds?: number;
  /** Spans unsent at exit (an endpoint down) written to disk and sent by the next process. Off by default. */
  spool?: SpoolOptions;
  /**
   * Flush on SIGTERM/SIGINT, then let the process exit as it would have.
   * @default true (env `TRADINGAGENTS_HANDLE_SIGNALS`)
   */
  handleSignals?: boolean;
  /**
   * Install a console `diag` logger at `OTEL_LOG_LEVEL` (default WARN), so that warnings such as a
   * port conflict are seen. Pass `false` to keep your own logger.
   * @default true
   */
  diagLogger?: boolean;
  /** Extra resource attributes. Keys that look secret are dropped. */
  resourceAttributes?: Attributes;
}

/** The OTLP transport per signal, as the spec's `OTEL_EXPORTER_OTLP_*PROTOCOL` variables set it. */
export interface OtlpProtocolOptions {
  /**
   * Transport of traces.
   * @default env `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, then `OTEL_EXPORTER_OTLP_PROTOCOL`, then `'http/protobuf'`
   */
  traces?: OtlpProtocol;
  /**
   * Transport of metrics.
   * @default env `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL`, then `OTEL_EXPORTER_OTLP_PROTOCOL`, then `'http/protobuf'`
   */
  metrics?: OtlpProtocol;
}
