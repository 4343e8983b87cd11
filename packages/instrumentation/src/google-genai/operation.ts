import type { GenerationInfo, GenerationScope } from '@tradingagents/telemetry/instrumentation-api';

/** Collects what a stream tells, chunk by chunk, and reports it at the end. */
export interface StreamAccumulator {
  onChunk(chunk: unknown, generation: GenerationScope): void;
  finish(generation: GenerationScope): void;
}

/** How one `Models` method maps onto a generation. */
export interface Operation {
  /** The public method it serves, for logs. */
  readonly name: string;
  /** The generation to start for these request params; `provider` is `gcp.gemini` or `gcp.vertex_ai`. */
  info(params: Record<string, unknown>, provider: string): GenerationInfo;
  /** Records a resolved (non-streamed) response. */
  onBody(body: unknown, generation: GenerationScope): void;
  /** A fresh accumulator, for a method that resolves to an async generator of chunks. */
  stream?(): StreamAccumulator;
}

/** The model id as the metrics name it: without the Gemini API's `models/` prefix. */
export function modelOf(params: Record<string, unknown>): string {
  const model = typeof params.model === 'string' && params.model !== '' ? params.model : 'unknown';
  return model.startsWith('models/') ? model.slice('models/'.length) : model;
}
