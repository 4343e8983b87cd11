import type { Resource } from '@opentelemetry/resources';
import { SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ResolvedConfig } from '../config.js';
import { createLangfusePipeline, shouldExportToLangfuse } from '../langfuse.js';
import { LangfuseRoots } from '../langfuse-roots.js';
import { type ExportOutcome, type ExportStats, QueueingSpanExporter } from '../queueing-exporter.js';
import type { MetricsRecorder } from '../recorder.js';
import { SpanSpool } from '../spool/span-spool.js';
import { TraceAttributesSpanProcessor } from '../trace-attributes-processor.js';
import { createOtlpTraceExporter } from './otlp-exporters.js';
import { settle } from './settle.js';
import { SpanEndCounter } from './span-end-counter.js';

/** What the trace pipeline is built from. */
export type TracePipelineConfig = Pick<ResolvedConfig, 'langfuse' | 'otlp' | 'spanProcessors'> &
  Partial<Pick<ResolvedConfig, 'exportRetrySeconds' | 'spool'>> & {
    readonly otlpProtocol: Pick<ResolvedConfig['otlpProtocol'], 'traces'>;
  };

/** The span exporters we queue in front of, by name. */
export type ExportPipelineName = 'langfuse' | 'otlp';

/** Our spans, from the tracer provider to Langfuse and (optionally) an OTLP endpoint. */
export interface TracePipeline {
  /** Our tracer provider (the OTel global only where the app left it free; see lazy-globals.ts). */
  readonly tracerProvider: NodeTracerProvider;
  /** Counts ended spans, for flushing until quiet. */
  readonly spanEnds: SpanEndCounter;
  /** Hands ended spans to the queues, then waits for every queued batch to be answered. Never rejects. */
  forceFlush(): Promise<void>;
  /** With a spool: writes what is still unsent to it, synchronously (the end of a final flush). */
  spoolPending(): void;
  /** Span export bookkeeping per configured exporter. */
  exportStats(): Readonly<Partial<Record<ExportPipelineName, ExportStats>>>;
  /** Flushes and shuts every processor down. Never rejects. */
  shutdown(): Promise<void>;
}

/**
 * The trace pipeline: trace-level attributes copied onto every span of an analysis, the Langfuse
 * span processor over our counting queue (when Langfuse is on, with the spans whose parent is not
 * ours sent as Langfuse roots), OTLP export (over the configured protocol) through the same kind of queue, then the user's own
 * processors. Every queue counts what it sends and loses on the recorder's self-metrics.
 */
export function createTracePipeline(
  config: TracePipelineConfig,
  recorder: MetricsRecorder,
  resource?: Resource,
): TracePipeline {
  const countExport = (exporter: ExportPipelineName): ExportOutcome => {
    recorder.exporterConfigured(exporter);
    return (ok, spans, reason) => recorder.spansExported(exporter, ok, spans, reason);
  };
  const maxRetryMillis = (config.exportRetrySeconds ?? 300) * 1000;
  const spoolDir = config.spool?.dir;
  const spoolOf = (pipeline: ExportPipelineName, destination: string): SpanSpool | undefined => {
    if (spoolDir === undefined) return undefined;
    recorder.spoolConfigured(pipeline);
    return new SpanSpool({
      dir: spoolDir,
      pipeline,
      destination,
      maxBytes: config.spool?.maxBytes ?? 64 * 1024 * 1024,
      report: {
        spooled: (direction, spans) => recorder.spansSpooled(pipeline, direction, spans),
        skipped: (reason) => recorder.spoolFileSkipped(pipeline, reason),
      },
    });
  };
  const spanEnds = new SpanEndCounter();
  const roots = config.langfuse.enabled ? new LangfuseRoots(shouldExportToLangfuse) : undefined;
  const processors: SpanProcessor[] = [spanEnds, new TraceAttributesSpanProcessor(roots)];
  const queues: Partial<Record<ExportPipelineName, QueueingSpanExporter>> = {};
  if (config.langfuse.enabled) {
    const langfuse = createLangfusePipeline(config.langfuse, countExport('langfuse'), roots, {
      maxRetryMillis,
      spool: spoolOf('langfuse', `${config.langfuse.baseUrl}\n${config.langfuse.publicKey ?? ''}`),
    });
    processors.push(langfuse.processor);
    queues.langfuse = langfuse.exporter;
  }
  if (config.otlp) {
    queues.otlp = new QueueingSpanExporter(
      createOtlpTraceExporter(config.otlpProtocol.traces),
      'OTLP',
      countExport('otlp'),
      {
        maxRetryMillis,
        spool: spoolOf('otlp', otlpTracesDestination()),
        rejectionHint:
          'OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_EXPORTER_OTLP_HEADERS',
      },
    );
    processors.push(new SimpleSpanProcessor(queues.otlp));
  }
  processors.push(...config.spanProcessors);
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: processors });
  return {
    tracerProvider,
    spanEnds,
    forceFlush: async () => {
      // Processors first (they hand ended spans to the queues), then the queues, which wait for every batch.
      await Promise.all(processors.map((p) => settle('span flush', p.forceFlush())));
      await Promise.all(Object.values(queues).map((q) => settle('span export', q.forceFlush())));
    },
    spoolPending: () => {
      for (const queue of Object.values(queues)) queue.spoolPending();
    },
    exportStats: () =>
      Object.freeze(Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, queue.stats()]))),
    shutdown: () => settle('tracer provider shutdown', tracerProvider.shutdown()),
  };
}

/** Where OTLP traces go (the exporter reads the same env): spool files are kept per destination. */
function otlpTracesDestination(): string {
  const env = process.env;
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'default';
}
