import type { UsageOverrides } from './types.js';

/** Token counts of one reply, before being shaped for an endpoint. */
export interface TokenUsage {
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
  total: number;
}

/** Deterministic token estimate: about four characters per token, at least one. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Estimates usage from the prompt and completion text, then applies overrides. */
export function computeUsage(
  promptText: string,
  completionText: string,
  overrides?: UsageOverrides,
): TokenUsage {
  const prompt = overrides?.promptTokens ?? estimateTokens(promptText);
  const completion = overrides?.completionTokens ?? estimateTokens(completionText);
  return {
    prompt,
    completion,
    cached: overrides?.cachedTokens ?? 0,
    reasoning: overrides?.reasoningTokens ?? 0,
    total: prompt + completion,
  };
}

/** The Chat Completions / embeddings `usage` object. */
export function chatUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    total_tokens: usage.total,
    prompt_tokens_details: { cached_tokens: usage.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** The Responses API `usage` object. */
export function responsesUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    input_tokens: usage.prompt,
    input_tokens_details: { cached_tokens: usage.cached },
    output_tokens: usage.completion,
    output_tokens_details: { reasoning_tokens: usage.reasoning },
    total_tokens: usage.total,
  };
}
