export { startAnthropicServer } from './anthropic/server.js';
export type {
  AnthropicFault,
  AnthropicRequest,
  AnthropicResponder,
  AnthropicScriptedError,
  AnthropicScriptedReply,
  AnthropicScriptedToolUse,
  AnthropicServerHandle,
  AnthropicServerOptions,
  AnthropicUsageOverrides,
} from './anthropic/types.js';
export type { CapturedDiag } from './diag/capture.js';
export { captureDiag } from './diag/capture.js';
export { startGeminiServer } from './google-genai/server.js';
export type {
  GeminiMethod,
  GeminiRequest,
  GeminiResponder,
  GeminiScriptedError,
  GeminiScriptedReply,
  GeminiServerHandle,
  GeminiServerOptions,
  GeminiUsageOverrides,
} from './google-genai/types.js';
export type { RecordedRequest } from './http/types.js';
export { LANGFUSE_OTLP_TRACES_PATH, startLangfuseReceiver } from './langfuse/receiver.js';
export type {
  LangfuseObservation,
  LangfuseObservationType,
  LangfuseReceiverHandle,
  LangfuseReceiverMode,
  LangfuseReceiverOptions,
  LangfuseTrace,
  OtlpAttributes,
  OtlpAttributeValue,
  OtlpSpan,
  OtlpSpanEvent,
} from './langfuse/types.js';
export { freePort } from './net/free-port.js';
export { startOpenAIServer } from './openai/server.js';
export { estimateTokens } from './openai/tokens.js';
export type {
  OpenAIEndpoint,
  OpenAIFault,
  OpenAIServerHandle,
  OpenAIServerOptions,
  Responder,
  ResponderRequest,
  ScriptedError,
  ScriptedReply,
  ScriptedToolCall,
  UsageOverrides,
} from './openai/types.js';
export type { OtlpBatch, OtlpCollectorHandle, OtlpTransport } from './otlp/collector.js';
export { startOtlpCollector } from './otlp/collector.js';
export type { OtlpMetric, OtlpMetricPoint } from './otlp/metrics-decode.js';
export type {
  OpenMetricsExemplar,
  OpenMetricsFamily,
  OpenMetricsSample,
  OpenMetricsType,
} from './prometheus/openmetrics.js';
export { parseOpenMetricsText } from './prometheus/openmetrics.js';
export { parsePrometheusText } from './prometheus/parse.js';
export { PrometheusParseError } from './prometheus/parse-error.js';
export { sumSamples } from './prometheus/query.js';
export { type ScrapeOptions, scrape } from './prometheus/scrape.js';
export type { MetricFamily, MetricType, Sample } from './prometheus/types.js';
