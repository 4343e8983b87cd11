import type { TokenUsage } from '@tradingagents/telemetry';
import { num, obj } from '../shared/safe.js';

/**
 * The core's token usage for a Gemini `usageMetadata`. Gemini counts cached tokens inside
 * `promptTokenCount` and thinking tokens beside `candidatesTokenCount`, and bills both thoughts and
 * tool-use prompts (`toolUsePromptTokenCount`) like the class they belong to; the core's usage has
 * OpenAI semantics (`input` includes `cacheRead`, `output` includes `reasoning`), so:
 * input = prompt + tool-use prompt, cacheRead = cached, output = candidates + thoughts,
 * reasoning = thoughts. Langfuse's `usage_details` then gets `input` = prompt − cached.
 */
export function usageOf(raw: unknown): TokenUsage | undefined {
  const u = obj(raw);
  if (!u) return undefined;
  const thoughts = num(u.thoughtsTokenCount) ?? 0;
  return {
    input: (num(u.promptTokenCount) ?? 0) + (num(u.toolUsePromptTokenCount) ?? 0),
    output: (num(u.candidatesTokenCount) ?? 0) + thoughts,
    cacheRead: num(u.cachedContentTokenCount) ?? 0,
    reasoning: thoughts,
  };
}
