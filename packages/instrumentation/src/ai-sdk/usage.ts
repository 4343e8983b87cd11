import type { TokenUsage } from '@tradingagents/telemetry';
import { num, obj } from '../shared/safe.js';

/**
 * The core's token usage for an AI SDK `LanguageModelUsage` (ai 7). Its semantics are the core's:
 * `inputTokens` includes the cached reads and writes (`inputTokenDetails.cacheReadTokens`,
 * `cacheWriteTokens`), `outputTokens` includes `outputTokenDetails.reasoningTokens`. The flat
 * `cachedInputTokens` / `reasoningTokens` fields of older releases are read as a fallback.
 */
export function usageOf(raw: unknown): TokenUsage | undefined {
  const u = obj(raw);
  if (!u) return undefined;
  const input = num(u.inputTokens);
  const output = num(u.outputTokens);
  if (input === undefined && output === undefined) return undefined;
  const inputDetails = obj(u.inputTokenDetails);
  const outputDetails = obj(u.outputTokenDetails);
  return {
    input: input ?? 0,
    output: output ?? 0,
    cacheRead: num(inputDetails?.cacheReadTokens) ?? num(u.cachedInputTokens) ?? 0,
    cacheWrite: num(inputDetails?.cacheWriteTokens) ?? 0,
    reasoning: num(outputDetails?.reasoningTokens) ?? num(u.reasoningTokens) ?? 0,
  };
}

/** An `EmbeddingModelUsage` (`{ tokens }`, NaN when the provider reports none): input tokens only. */
export function embeddingUsageOf(raw: unknown): TokenUsage | undefined {
  const tokens = num(obj(raw)?.tokens);
  return tokens === undefined || Number.isNaN(tokens) ? undefined : { input: tokens, output: 0 };
}
