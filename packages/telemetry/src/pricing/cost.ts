import { tokenCounts } from '../tokens.js';
import type { CostBreakdown, ModelPrice, PriceTier, TokenUsage } from './types.js';

const PER_MILLION = 1_000_000;

/** A rate in USD per 1M tokens, or `fallback` when it is missing or not a finite number >= 0. */
function rate(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A price or one of its tiers, as received: any field may be missing or malformed. */
type Rates = Partial<Record<keyof PriceTier | 'tiers', unknown>>;

/** The rates for a call with `inputTokens` input tokens: the first of `price.tiers` that applies, else `price`. */
function ratesFor(price: ModelPrice, inputTokens: number): Rates {
  if (price === null || typeof price !== 'object') return {};
  const tiers: unknown = price.tiers;
  if (!Array.isArray(tiers)) return price;
  for (const tier of tiers as unknown[]) {
    if (tier === null || typeof tier !== 'object') continue;
    const above = (tier as Rates).inputTokensAbove;
    if (typeof above === 'number' && inputTokens > above) return tier as Rates;
  }
  return price;
}

/**
 * Cost of one model call in USD. Never throws and never rounds.
 *
 * `usage` follows OpenAI semantics ({@link TokenUsage}): cache reads and cache writes are part of
 * `input`, reasoning tokens are part of `output`. So:
 * - `input`: `max(0, input − cacheRead − cacheWrite)` tokens at `price.input`;
 * - `cache_read`: `cacheRead` tokens at `price.cachedInput ?? price.input`;
 * - `cache_write`: `cacheWrite` tokens at `price.cacheWrite ?? price.input` (Anthropic cache
 *   creation, which LangChain's `usage_metadata.input_tokens` includes; OpenAI-shaped usage before
 *   GPT-5.6 never reports it);
 * - `output`: `max(0, output − reasoning)` tokens at `price.output`;
 * - `reasoning`: `reasoning` tokens at `price.reasoning ?? price.output`.
 *
 * When `price.tiers` has a tier whose `inputTokensAbove` the input tokens exceed, the first such
 * tier's rates replace the model's (Langfuse's usage-based pricing tiers).
 *
 * Each part is `tokens * rate / 1_000_000`, and `total` is
 * `input + output + cache_read + reasoning + cache_write`, added left to right, so callers can
 * reproduce it exactly. A token count that is not a finite number >= 0 counts as 0 (and counts are
 * capped at `Number.MAX_SAFE_INTEGER`); a rate that is not a finite number >= 0 falls back as above,
 * and a missing `input`/`output` rate counts as 0.
 *
 * @example
 * computeCost({ input: 1000, cacheRead: 400, output: 500, reasoning: 200 }, { input: 2, cachedInput: 0.5, output: 8 });
 * // ≈ { input: 0.0012, output: 0.0024, cache_read: 0.0002, reasoning: 0.0016, cache_write: 0, total: 0.0054 }
 */
export function computeCost(usage: TokenUsage, price: ModelPrice): CostBreakdown {
  const {
    input: inputTokens,
    output: outputTokens,
    cacheRead: cacheReadTokens,
    cacheWrite: cacheWriteTokens,
    reasoning: reasoningTokens,
  } = tokenCounts(usage);
  const p = ratesFor(price, inputTokens);

  const inputRate = rate(p.input, 0);
  const outputRate = rate(p.output, 0);

  const input = (Math.max(0, inputTokens - cacheReadTokens - cacheWriteTokens) * inputRate) / PER_MILLION;
  const output = (Math.max(0, outputTokens - reasoningTokens) * outputRate) / PER_MILLION;
  const cache_read = (cacheReadTokens * rate(p.cachedInput, inputRate)) / PER_MILLION;
  const reasoning = (reasoningTokens * rate(p.reasoning, outputRate)) / PER_MILLION;
  const cache_write = (cacheWriteTokens * rate(p.cacheWrite, inputRate)) / PER_MILLION;
  const total = input + output + cache_read + reasoning + cache_write;

  return { input, output, cache_read, reasoning, cache_write, total };
}
