import type { GenerationInfo, GenerationScope } from '@tradingagents/telemetry/instrumentation-api';
import type { ResolvedOpenAIConfig } from './config.js';

/** Collects what a stream tells, chunk by chunk, and reports it at the end. */
export interface StreamAccumulator {
  onChunk(chunk: unknown, generation: GenerationScope): void;
  finish(generation: GenerationScope): void;
}

/** How one SDK method maps onto a generation. */
export interface Operation {
  /** The method patched, for logs. */
  readonly name: string;
  /** The generation to start for these request params. */
  info(params: Record<string, unknown>): GenerationInfo;
  /** Request params to send instead (a copy, never the caller's object), or `undefined` to keep them. */
  rewrite?(
    params: Record<string, unknown>,
    config: ResolvedOpenAIConfig,
  ): Record<string, unknown> | undefined;
  /** Records a non-streamed response body. */
  onBody(body: unknown, generation: GenerationScope): void;
  /** A fresh accumulator for a streamed response. */
  stream?(): StreamAccumulator;
}
