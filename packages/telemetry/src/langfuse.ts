import { isDefaultExportSpan, LangfuseSpanProcessor } from '@langfuse/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from './config.js';
import type { LangfuseRoots } from './langfuse-roots.js';
import {
  type ExportOutcome,
  type QueueingExporterOptions,
  QueueingSpanExporter,
} from './queueing-exporter.js';

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

/** The Langfuse span processor and the queue in front of its endpoint (for flushing and stats). */
export interface LangfusePipeline {
  readonly processor: LangfuseSpanProcessor;
  readonly exporter: QueueingSpanExporter;
}

/**
 * Builds the `LangfuseSpanProcessor` in its `immediate` mode over our own queueing exporter, rather
 * than its internal BatchSpanProcessor: the queue batches the same way, but counts every span lost
 * (including those dropped from a full queue) and sends one batch at a time.
 */
export function createLangfusePipeline(
  config: ResolvedConfig['langfuse'],
  outcome: ExportOutcome,
  roots?: LangfuseRoots,
  queueOptions: Pick<QueueingExporterOptions, 'maxRetryMillis' | 'spool'> = {},
): LangfusePipeline {
  const exporter = new QueueingSpanExporter(
    config.exporter ?? langfuseOtlpExporter(config),
    'Langfuse',
    outcome,
    {
      delayMillis: config.exportMode === 'immediate' ? 0 : Math.round(config.flushIntervalSeconds * 1000),
      maxBatchSize: config.flushAt,
      maxQueueSize: Math.max(config.maxQueueSize, config.flushAt),
      ...queueOptions,
      rejectionHint: `LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY (a key pair of the project you send to), and LANGFUSE_BASE_URL (${config.baseUrl}: the Cloud region of the keys, e.g. https://cloud.langfuse.com for EU or https://us.cloud.langfuse.com for US, or your server)`,
    },
  );
  const processor = new LangfuseSpanProcessor({
    exporter: roots ? roots.exporter(exporter) : exporter,
    publicKey: config.publicKey,
    secretKey: config.secretKey,
    baseUrl: config.baseUrl,
    environment: config.environment,
    release: config.release,
    exportMode: 'immediate',
    // Media upload calls Langfuse's REST API from inside the span pipeline; we send no media.
    mediaUploadEnabled: false,
    shouldExportSpan: ({ otelSpan }) => shouldExportToLangfuse(otelSpan),
  });
  return { processor, exporter };
}
