/**
 * Prices of one model, in **USD per 1,000,000 tokens** (the unit every provider publishes).
 *
 * Only `input` and `output` are required; each optional rate falls back as documented, so a
 * provider that does not price a token class separately needs no entry for it.
 */
export interface ModelPrice {
  /** Uncached input (prompt) tokens, USD per 1M tokens. */
  input: number;
  /** Non-reasoning output (completion) tokens, USD per 1M tokens. */
  output: number;
  /**
   * Input tokens served from the provider's prompt cache (OpenAI "cached input", Anthropic "cache
   * hits", Gemini "context caching"), USD per 1M tokens.
   * @default input
   */
  cachedInput?: number;
  /**
   * Reasoning ("thinking") output tokens, USD per 1M tokens. Every major provider bills them as
   * ordinary output today, so the bundled table leaves this unset.
   * @default output
   */
  reasoning?: number;
  /**
   * Input tokens written to the prompt cache (Anthropic 5-minute "cache writes", OpenAI GPT-5.6+
   * cache writes), USD per 1M tokens.
   * @default input
   */
  cacheWrite?: number;
  /**
   * Prices that replace the rates above for large prompts (Gemini Pro above 200K, GPT-5.4+ above
   * 272K input tokens, as Langfuse prices them). The first tier whose `inputTokensAbove` the call's
   * input tokens (cache reads and writes included) exceed applies, in array order.
   * @default []
   */
  tiers?: readonly PriceTier[];
}

/** Rates of a {@link ModelPrice} that apply when the call's input tokens exceed `inputTokensAbove`. */
export interface PriceTier extends Omit<ModelPrice, 'tiers'> {
  /** The tier applies when all input tokens (cache reads and writes included) are more than this. */
  inputTokensAbove: number;
}

/**
 * Token counts of one model call, with **OpenAI semantics**: the sub-counts are *included* in their
 * parent count, never added to it.
 *
 * - `input` includes `cacheRead` and `cacheWrite` tokens (OpenAI `prompt_tokens` includes
 *   `prompt_tokens_details.cached_tokens`; LangChain `usage_metadata.input_tokens` includes
 *   `input_token_details.cache_read` and `.cache_creation`). The raw Anthropic Messages API reports
 *   cache tokens *beside* `input_tokens`; add them in before passing them here.
 * - `output` includes `reasoning` tokens (OpenAI `completion_tokens_details.reasoning_tokens`;
 *   LangChain `output_token_details.reasoning`).
 */
export interface TokenUsage {
  /** All input tokens, cached and cache-written ones included. */
  input: number;
  /** All output tokens, reasoning tokens included. */
  output: number;
  /** Of `input`, the tokens read from the prompt cache. @default 0 */
  cacheRead?: number;
  /** Of `output`, the reasoning ("thinking") tokens. @default 0 */
  reasoning?: number;
  /** Of `input`, the tokens written to the prompt cache. @default 0 */
  cacheWrite?: number;
}

/**
 * Cost of one model call in USD, split by token class. The parts are disjoint, so
 * `total === input + output + cache_read + reasoning + cache_write`, summed in exactly that order.
 * Field names match the `token_type` label values of the metric catalogue.
 */
export interface CostBreakdown {
  /** Uncached, not cache-written input tokens. */
  input: number;
  /** Non-reasoning output tokens. */
  output: number;
  /** Input tokens read from the prompt cache. */
  cache_read: number;
  /** Reasoning output tokens. */
  reasoning: number;
  /** Input tokens written to the prompt cache. */
  cache_write: number;
  /** Sum of the five parts above, in declaration order. */
  total: number;
}
