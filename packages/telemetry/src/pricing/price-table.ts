import { freezePrice, langfuseModelsByName } from './langfuse-match.js';
import { normalizeModelName } from './normalize.js';
import type { ModelPrice } from './types.js';

/**
 * The date the bundled {@link PRICE_TABLE} was last checked: against Langfuse's default model prices
 * (see `LANGFUSE_PRICES_SOURCE` for the commit) and, for the models Langfuse does not know, against
 * the providers' price lists. Put it on dashboards next to cost so a stale table is visible; bump it
 * with every price change.
 */
export const PRICE_TABLE_VERSION = '2026-12-02';

/*
 * Models Langfuse's default list knows are priced from it (`langfuse-prices.generated.ts`, made by
 * `scripts/langfuse-prices.ts`), so that our cost equals the cost Langfuse computes. The entries
 * below are the models it does not know (yet), kept by hand.
 *
 * Sources of the hand-kept entries (read 2026-11-18; numbers transcribed by hand, not copied from any file):
 * - OpenAI: https://developers.openai.com/api/docs/pricing and the per-model pages, as relayed by
 *   api-evangelist/openai `plans/openai-plans-pricing.yml`, the LiteLLM GPT-6 / GPT-6.2 launch notes
 *   (docs.litellm.ai, BerriAI/litellm discussions #39633, #42523, #52347) and
 *   docs.laozhang.ai GPT-6 / 6.1 / 6.2 announcements.
 * - Anthropic: https://platform.claude.com/docs/en/about-claude/pricing and the model overview pages
 *   (Sonnet 5.5 cache-read cut of 2026-10-07 and Haiku 5.5 from the same page, corroborated by
 *   several tool changelogs).
 * - Google: https://ai.google.dev/gemini-api/docs/pricing, as relayed by api-evangelist/gemini and
 *   api-evangelist/deepmind `plans/*-pricing.yml` (2026-09-20, 2026-10-07).
 *
 * Scope of the hand-kept entries: standard (pay-as-you-go, short-context) text-token rates only. Not
 * modelled: Batch/Flex, Priority/Fast, data residency, long-context tiers (Claude Haiku 5.5 > 100K
 * input tokens), 1-hour cache writes, audio/image/realtime tokens. Reasoning tokens are billed as
 * output by every provider here, so no entry sets `reasoning`. Override any of it with `prices`.
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
  'gpt-5.1-codex-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'o3-deep-research': { input: 10, cachedInput: 2.5, output: 40 },
  'o4-mini-deep-research': { input: 2, cachedInput: 0.5, output: 8 },
} satisfies Record<string, ModelPrice>;

const ANTHROPIC = {
  // cacheWrite is the 5-minute cache write (1.25x input); 1-hour writes (2x) are not modelled.
  'claude-fable-5-1': { input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
  'claude-mythos-5-1': { input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
  'claude-opus-5-5': { input: 4, cachedInput: 0.2, cacheWrite: 5, output: 20 },
  // Sonnet 5.5 cache hits were cut from $0.20 to $0.10 on 2026-10-07.
  'claude-sonnet-5-5': { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
  // Haiku 5.5: rates for prompts up to 100K tokens; longer prompts bill every token at 5x.
  'claude-haiku-5-5': { input: 0.1, cachedInput: 0.01, cacheWrite: 0.125, output: 0.5 },
} satisfies Record<string, ModelPrice>;

const GOOGLE = {
  // Launch promotion through 2026-12-31; $1.50 / $7.50 from 2027-01-01. Cached input is derived
  // (Gemini 3.x context caching is 10% of input) as no figure was found.
  'gemini-3.8-flash': { input: 0.75, cachedInput: 0.075, output: 3.75 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-embedding-001': { input: 0.15, output: 0 },
} satisfies Record<string, ModelPrice>;

/**
 * Langfuse's default prices keyed by Langfuse's `modelName` (lowercase) and by our canonical name
 * ({@link normalizeModelName} of the `modelName`), so that a name Langfuse's patterns miss (`azure/gpt-4o`, `openrouter/...`) but we
 * normalize to a model Langfuse knows is priced as Langfuse prices that model. Where several Langfuse
 * models share a canonical name, the one named exactly so wins, else they must agree on the price
 * (`gpt-4o-2024-05-13` is not `gpt-4o`; Langfuse's patterns tell them apart first).
 */
export function langfuseTableEntries(): Map<string, Readonly<ModelPrice>> {
  const groups = new Map<string, [string, Readonly<ModelPrice>][]>();
  for (const [name, price] of langfuseModelsByName()) {
    const key = normalizeModelName(name);
    groups.set(key, [...(groups.get(key) ?? []), [name, price]]);
  }
  // Langfuse's own names first (`gpt-4o-2024-05-13`, reached as `azure/gpt-4o-2024-05-13`).
  const byKey = new Map<string, Readonly<ModelPrice>>(
    [...langfuseModelsByName()].map(([name, price]) => [name.toLowerCase(), price]),
  );
  for (const [key, members] of groups) {
    if (byKey.has(key)) continue;
    const own = members.find(([name]) => name.toLowerCase() === key);
    const first = members[0]?.[1];
    const agree = members.every(([, price]) => JSON.stringify(price) === JSON.stringify(first));
    const price = own?.[1] ?? (agree ? first : undefined);
    if (price !== undefined) byKey.set(key, price);
  }
  return byKey;
}

/**
 * The prices we keep by hand: models Langfuse's default list does not know (a test fails when one
 * of these keys is also a Langfuse model's canonical name).
 */
export const OWN_PRICES: Readonly<Record<string, Readonly<ModelPrice>>> = Object.freeze(
  Object.fromEntries(
    Object.entries({ ...OPENAI, ...ANTHROPIC, ...GOOGLE }).map(([model, price]) => [
      model,
      freezePrice(price),
    ]),
  ),
);

/**
 * The bundled price table, keyed by canonical model name (lowercase, no provider prefix, no dated
 * snapshot suffix; see `normalizeModelName`). Prices are USD per 1M tokens. Deeply frozen. Models
 * Langfuse knows are priced as Langfuse prices them (generated from its default list, see
 * `langfuse-prices.generated.ts`); the others come from {@link OWN_PRICES}.
 */
export const PRICE_TABLE: Readonly<Record<string, Readonly<ModelPrice>>> = Object.freeze({
  ...OWN_PRICES,
  ...Object.fromEntries(langfuseTableEntries()),
});
