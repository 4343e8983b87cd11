/**
 * Options of {@link startLangfuseExporter}. Every option falls back to its environment variable, then
 * to its default. Durations are in seconds.
 */
export interface LangfuseExporterOptions {
  /**
   * Langfuse public key (Basic auth user).
   * @default env LANGFUSE_PUBLIC_KEY (required)
   */
  publicKey?: string;
  /**
   * Langfuse secret key (Basic auth password).
   * @default env LANGFUSE_SECRET_KEY (required)
   */
  secretKey?: string;
  /**
   * Langfuse base URL.
   * @default env LANGFUSE_BASE_URL, else "https://cloud.langfuse.com"
   */
  baseUrl?: string;
  /**
   * Host the `/metrics` server binds to.
   * @default env LANGFUSE_EXPORTER_HOST, else "127.0.0.1"
   */
  host?: string;
  /**
   * Port of the `/metrics` server; 0 picks a free port.
   * @default env LANGFUSE_EXPORTER_PORT, else 9465
   */
  port?: number;
  /**
   * Seconds between polls (at least 30). One poll is one request to Langfuse.
   * @default env LANGFUSE_EXPORTER_POLL_INTERVAL, else 300
   */
  pollIntervalSeconds?: number;
  /**
   * Length of the rolling window the Langfuse values cover (at least 60).
   * @default env LANGFUSE_EXPORTER_WINDOW, else 3600
   */
  windowSeconds?: number;
  /**
   * How far before each poll the window ends, so data Langfuse ingests late is counted.
   * @default env LANGFUSE_EXPORTER_QUERY_DELAY, else 600
   */
  queryDelaySeconds?: number;
  /**
   * Timeout of one request to Langfuse, body included.
   * @default env LANGFUSE_EXPORTER_TIMEOUT, else 10
   */
  timeoutSeconds?: number;
  /**
   * Base of the exponential backoff after a 429: the k-th rate-limited poll in a row waits
   * `min(backoffMaxSeconds, backoffBaseSeconds * 2^k)`, and never less than the server's Retry-After.
   * @default env LANGFUSE_EXPORTER_BACKOFF_BASE, else 300
   */
  backoffBaseSeconds?: number;
  /**
   * Cap of the exponential backoff (a longer Retry-After is still respected).
   * @default env LANGFUSE_EXPORTER_BACKOFF_MAX, else 3600
   */
  backoffMaxSeconds?: number;
  /**
   * Only count observations of these Langfuse environments; empty means all.
   * @default env LANGFUSE_EXPORTER_ENVIRONMENTS (comma-separated), else all
   */
  environments?: readonly string[];
  /**
   * Distinct `model` values kept per snapshot (the most expensive); the rest fold to `__other__`.
   * @default env LANGFUSE_EXPORTER_MAX_MODELS, else 50
   */
  maxModels?: number;
  /**
   * Distinct `trace_name` values kept per snapshot (the most expensive); the rest fold to `__other__`.
   * @default env LANGFUSE_EXPORTER_MAX_TRACE_NAMES, else 100
   */
  maxTraceNames?: number;
  /**
   * Distinct `environment` values kept per snapshot; the rest fold to `__other__`.
   * @default env LANGFUSE_EXPORTER_MAX_ENVIRONMENTS, else 20
   */
  maxEnvironments?: number;
  /**
   * Cost drift, in percent, above which the `LangfuseCostDrift` alert fires. Served as
   * `tradingagents_langfuse_cost_drift_threshold_ratio` for the alert to read.
   * @default env LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT, else 10
   */
  driftThresholdPercent?: number;
  /**
   * Start the `/metrics` server. Off, mount {@link LangfuseExporterHandle.metricsHandler} yourself.
   * @default true
   */
  serveMetrics?: boolean;
}
