import type { Context } from '@opentelemetry/api';
import type { AgentScope, GenerationScope, ToolScope } from '@tradingagents/telemetry/instrumentation-api';

/**
 * What one AI SDK operation (`generateText`, `streamText`, `embed`, ... one `callId`) has open: the
 * agent it runs as (when we opened one), the context its observations start under, the model call
 * in flight (steps run one after another), its tools and embedding calls by id.
 */
export interface CallState {
  readonly agent: AgentScope | undefined;
  readonly parent: Context;
  generation: GenerationScope | undefined;
  readonly tools: Map<string, ToolScope>;
  readonly embeds: Map<string, GenerationScope>;
}

/** Ends everything still open in `state` (an error or an abort ends the operation early). */
export function endAll(state: CallState, error?: unknown): void {
  state.generation?.end(error);
  state.generation = undefined;
  for (const tool of state.tools.values()) tool.end(error);
  state.tools.clear();
  for (const embed of state.embeds.values()) embed.end(error);
  state.embeds.clear();
  state.agent?.end(error);
}
