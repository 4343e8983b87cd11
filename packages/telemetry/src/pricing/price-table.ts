import type { ModelPrice } from './types.js';

/**
 * The date the bundled {@link PRICE_TABLE} was last checked against the providers' price lists.
 * Put it on dashboards next to cost so a stale table is visible; bump it with every price change.
 */
export const PRICE_TABLE_VERSION = '2026-11-18';

/*
 * Sources (read 2026-11-18; numbers transcribed by hand, not copied from any file):
 * - OpenAI: https://developers.openai.com/api/docs/pricing and the per-model pages, as relayed by
 *   api-evangelist/openai `plans/openai-plans-pricing.yml`, the LiteLLM GPT-6 / GPT-6.2 launch notes
 *   (docs.litellm.ai, BerriAI/litellm discussions #39633, #42523, #52347) and
 *   docs.laozhang.ai GPT-6 / 6.1 / 6.2 announcements.
 * - Anthropic: https://platform.claude.com/docs/en/about-claude/pricing and the model overview pages
 *   (Sonnet 5.5 cache-read cut of 2026-10-07 and Haiku 5.5 from the same page, corroborated by
 *   several tool changelogs).
 * - Google: https://ai.google.dev/gemini-api/docs/pricing, as relayed by api-evangelist/gemini and
 *   api-evangelist/deepmind `plans/*-pricing.yml` (2026-09-20, 2026-10-07).
 * - Older models: langfuse/langfuse `worker/src/constants/default-model-prices.json` (mid-2026
 *   snapshot), cross-checked with LiteLLM `model_prices_and_context_window.json`.
 *
 * Scope: standard (pay-as-you-go, short-context) text-token rates only. Not modelled: Batch/Flex
 * (-50%), Priority/Fast (2x), data residency (+10%), long-context tiers (OpenAI > 272K, Gemini Pro
 * > 200K, Claude Haiku 5.5 > 100K input tokens), 1-hour cache writes, audio/image/realtime tokens,
 * fine-tuned models. Reasoning tokens are billed as output by every provider here, so no entry sets
 * `reasoning`. Override any of it with the `prices` option.
 */

const OPENAI = {
  // GPT-6.2 (2026-11-17). Cached input: "60% cheaper" than GPT-6 Astra's $1 (Astra) and unchanged
  // from GPT-6.1 (Sol). Cache writes: no published figure yet; OpenAI's 1.25x input rule applied.
  'gpt-6.2-astra': { input: 8, cachedInput: 0.4, cacheWrite: 10, output: 40 },
  'gpt-6.2-sol': { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
  'gpt-6.1-sol': { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
  'gpt-6-astra': { input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 },
  'gpt-6-sol': { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
  'gpt-6-luna': { input: 0.1, cachedInput: 0.01, cacheWrite: 0.125, output: 0.5 },
  // GPT-5.6 after the 2026-07-30 (Terra, Luna) and later (Sol) price cuts; cache writes at 1.25x input.
  'gpt-5.6-sol': { input: 4, cachedInput: 0.4, cacheWrite: 5, output: 20 },
  'gpt-5.6-terra': { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 12 },
  'gpt-5.6-luna': { input: 0.2, cachedInput: 0.02, cacheWrite: 0.25, output: 1.2 },
  'gpt-5.5': { input: 5, cachedInput: 0.5, output: 30 },
  'gpt-5.5-pro': { input: 30, output: 180 },
  'gpt-5.4': { input: 2.5, cachedInput: 0.25, output: 15 },
  'gpt-5.4-mini': { input: 0.75, cachedInput: 0.075, output: 4.5 },
  'gpt-5.4-nano': { input: 0.2, cachedInput: 0.02, output: 1.25 },
  'gpt-5.4-pro': { input: 30, output: 180 },
  'gpt-5.3-codex': { input: 1.75, cachedInput: 0.175, output: 14 },
  'gpt-5.2': { input: 1.75, cachedInput: 0.175, output: 14 },
  'gpt-5.2-pro': { input: 21, output: 168 },
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5.1-codex-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-5-pro': { input: 15, output: 120 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  // The first gpt-4o snapshot kept its launch price; an exact key so it is not priced as gpt-4o.
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o1: { input: 15, cachedInput: 7.5, output: 60 },
  'o1-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o1-pro': { input: 150, output: 600 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o3-pro': { input: 20, output: 80 },
  'o3-deep-research': { input: 10, cachedInput: 2.5, output: 40 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'o4-mini-deep-research': { input: 2, cachedInput: 0.5, output: 8 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
} satisfies Record<string, ModelPrice>;

const ANTHROPIC = {
  // cacheWrite is the 5-minute cache write (1.25x input); 1-hour writes (2x) are not modelled.
  'claude-fable-5-1': { input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
  'claude-mythos-5-1': { input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
  'claude-fable-5': { input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 },
  'claude-mythos-5': { input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 },
  'claude-opus-5-5': { input: 4, cachedInput: 0.2, cacheWrite: 5, output: 20 },
  'claude-opus-5': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
  'claude-opus-4-8': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
  'claude-opus-4-7': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
  'claude-opus-4-6': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
  'claude-opus-4-5': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
  'claude-opus-4-1': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  // Sonnet 5.5 cache hits were cut from $0.20 to $0.10 on 2026-10-07.
  'claude-sonnet-5-5': { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
  'claude-sonnet-5': { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
  'claude-sonnet-4-6': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-3-5-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  // Haiku 5.5: rates for prompts up to 100K tokens; longer prompts bill every token at 5x.
  'claude-haiku-5-5': { input: 0.1, cachedInput: 0.01, cacheWrite: 0.125, output: 0.5 },
  'claude-haiku-4-5': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4 },
  'claude-3-haiku': { input: 0.25, cachedInput: 0.03, cacheWrite: 0.3, output: 1.25 },
  'claude-3-opus': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
} satisfies Record<string, ModelPrice>;

const GOOGLE = {
  // Launch promotion through 2026-12-31; $1.50 / $7.50 from 2027-01-01. Cached input is derived
  // (Gemini 3.x context caching is 10% of input) as no figure was found.
  'gemini-3.8-flash': { input: 0.75, cachedInput: 0.075, output: 3.75 },
  'gemini-3.5-flash': { input: 1.5, cachedInput: 0.15, output: 9 },
  // Cached input derived (10% of input), not published in the sources read.
  'gemini-3.5-flash-lite': { input: 0.3, cachedInput: 0.03, output: 2.5 },
  // Pro models: prompts up to 200K tokens; longer prompts cost 2x input / 1.5x output.
  'gemini-3.1-pro-preview': { input: 2, cachedInput: 0.2, output: 12 },
  'gemini-3.1-flash-lite': { input: 0.25, cachedInput: 0.025, output: 1.5 },
  'gemini-3-pro-preview': { input: 2, cachedInput: 0.2, output: 12 },
  'gemini-3-flash-preview': { input: 0.5, cachedInput: 0.05, output: 3 },
  'gemini-2.5-pro': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.03, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.01, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-embedding-001': { input: 0.15, output: 0 },
} satisfies Record<string, ModelPrice>;

function freezeTable(...parts: Record<string, ModelPrice>[]): Readonly<Record<string, Readonly<ModelPrice>>> {
  const table: Record<string, Readonly<ModelPrice>> = {};
  for (const part of parts) {
    for (const [model, price] of Object.entries(part)) table[model] = Object.freeze({ ...price });
  }
  return Object.freeze(table);
}

/**
 * The bundled price table, keyed by canonical model name (lowercase, no provider prefix, no dated
 * snapshot suffix; see `normalizeModelName`). Prices are USD per 1M tokens. Deeply frozen.
 */
export const PRICE_TABLE: Readonly<Record<string, Readonly<ModelPrice>>> = freezeTable(
  OPENAI,
  ANTHROPIC,
  GOOGLE,
);
