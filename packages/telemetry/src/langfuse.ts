import { isDefaultExportSpan, LangfuseSpanProcessor } from '@langfuse/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from './config.js';
import { CountingSpanExporter, type ExportOutcome } from './counting-exporter.js';

export const TRACER_NAME = '@tradingagents/telemetry';

/** Spans Langfuse receives: ours, and those its default filter keeps (GenAI spans, LLM instrumentations). */
export function shouldExportToLangfuse(span: ReadableSpan): boolean {
  return span.instrumentationScope.name === TRACER_NAME || isDefaultExportSpan(span);
}

/** The OTLP exporter pointed at Langfuse's endpoint, with Basic auth. */
function langfuseOtlpExporter(config: ResolvedConfig['langfuse']): SpanExporter {
  const auth = Buffer.from(`${config.publicKey}:${config.secretKey}`).toString('base64');
  return new OTLPTraceExporter({
    url: `${config.baseUrl}/api/public/otel/v1/traces`,
    headers: { Authorization: `Basic ${auth}`, 'x-langfuse-sdk-name': 'tradingagents-telemetry' },
    timeoutMillis: Math.round(config.timeoutSeconds * 1000),
  });
}

/** Builds the `LangfuseSpanProcessor`, with an exporter that counts what it sends and loses. */
export function createLangfuseProcessor(
  config: ResolvedConfig['langfuse'],
  outcome: ExportOutcome,
): LangfuseSpanProcessor {
  const exporter = new CountingSpanExporter(
    config.exporter ?? langfuseOtlpExporter(config),
    'Langfuse',
    outcome,
  );
  return new LangfuseSpanProcessor({
    exporter,
    publicKey: config.publicKey,
    secretKey: config.secretKey,
    baseUrl: config.baseUrl,
    environment: config.environment,
    release: config.release,
    exportMode: config.exportMode,
    // Media upload calls Langfuse's REST API from inside the span pipeline; we send no media.
    mediaUploadEnabled: false,
    shouldExportSpan: ({ otelSpan }) => shouldExportToLangfuse(otelSpan),
  });
}
