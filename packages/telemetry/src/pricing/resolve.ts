import { freezePrice, matchLangfuseModel } from './langfuse-match.js';
import { normalizeModelName, stripProvider } from './normalize.js';
import { PRICE_TABLE } from './price-table.js';
import type { ModelPrice } from './types.js';

/** Looks up the price of a model by the name a client reported; `undefined` when unknown. */
export interface PriceResolver {
  (model: string): ModelPrice | undefined;
  /** How many model names are memoised right now (never more than `maxCacheEntries`). */
  readonly cacheSize: number;
}

/** Options of {@link createPriceResolver}. */
export interface PriceResolverOptions {
  /**
   * The most model names whose resolution is memoised; the least recently used is evicted first.
   * @default 1024
   */
  maxCacheEntries?: number;
}

const DEFAULT_MAX_CACHE_ENTRIES = 1024;
/** Longer "model names" are garbage: resolved to `undefined` and never memoised. */
const MAX_MODEL_NAME_LENGTH = 512;
const PRICE_FIELDS = ['input', 'output', 'cachedInput', 'reasoning', 'cacheWrite'] as const;
const REQUIRED_FIELDS: ReadonlySet<string> = new Set(['input', 'output']);

// Another modality is billed at other rates, so a text price found by prefix would be wrong.
const OTHER_MODALITY = /-(?:realtime|audio|tts|transcribe|image|live)(?:-|$)|^gemini-live-/;
const PREFIX_BOUNDARY = new Set(['-', ':', '@', '_', '[']);

const isRate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Checks one price entry. Returns an error message naming the model and the field when a rate is
 * missing (`input`, `output`), not a number, NaN, infinite or negative (also in each of `tiers`);
 * `undefined` when valid.
 */
export function validateModelPrice(name: string, price: ModelPrice): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'model name must be a non-empty string';
  if (price === null || typeof price !== 'object') return `price of model "${name}" must be an object`;
  const problem = validateRates(`price of model "${name}"`, price);
  if (problem !== undefined || price.tiers === undefined) return problem;
  if (!Array.isArray(price.tiers)) return `price of model "${name}": "tiers" must be an array`;
  for (const [index, tier] of price.tiers.entries()) {
    const where = `price of model "${name}", tiers[${index}]`;
    if (tier === null || typeof tier !== 'object') return `${where} must be an object`;
    if (!isRate(tier.inputTokensAbove)) return `${where}: "inputTokensAbove" must be a finite number >= 0`;
    const tierProblem = validateRates(where, tier);
    if (tierProblem !== undefined) return tierProblem;
  }
  return undefined;
}

function validateRates(where: string, price: Omit<ModelPrice, 'tiers'>): string | undefined {
  for (const field of PRICE_FIELDS) {
    const value: unknown = price[field];
    if (value === undefined && !REQUIRED_FIELDS.has(field)) continue;
    if (!isRate(value)) {
      const got = typeof value === 'number' ? String(value) : typeof value;
      return `${where}: "${field}" must be a finite number >= 0 (USD per 1M tokens), got ${got}`;
    }
  }
  return undefined;
}

const TABLE = new Map<string, Readonly<ModelPrice>>(Object.entries(PRICE_TABLE));
// Longest first, so `gpt-4o-mini-search` finds gpt-4o-mini before gpt-4o.
const TABLE_KEYS_BY_LENGTH = [...TABLE.keys()].sort((a, b) => b.length - a.length);

function lookupTable(model: string): Readonly<ModelPrice> | undefined {
  // Langfuse's rule first, for the models it knows: its price, or none when it prices none of our usage.
  const langfuse = matchLangfuseModel(model);
  if (langfuse !== undefined) return langfuse.price ?? undefined;
  const exact = TABLE.get(model) ?? TABLE.get(stripProvider(model));
  if (exact) return exact;
  const normalized = normalizeModelName(model);
  const byName = TABLE.get(normalized);
  if (byName) return byName;
  if (OTHER_MODALITY.test(normalized)) return undefined;
  for (const key of TABLE_KEYS_BY_LENGTH) {
    if (normalized.startsWith(key) && PREFIX_BOUNDARY.has(normalized.charAt(key.length))) {
      return TABLE.get(key);
    }
  }
  return undefined;
}

/**
 * Builds a price lookup over the bundled table plus `overrides`. Resolution order: an override
 * matched on the exact name, then on the normalized name; then, as Langfuse matches it, the first
 * model of Langfuse's default list whose `matchPattern` matches the raw name (when that model has no
 * price for any token type we send, e.g. audio-only models, the answer is `undefined`); then the
 * table's exact key (raw, then without provider prefix); the table's normalized key; finally the longest table key that prefixes the
 * normalized name at a `-`/`:`/`@` boundary (so `gpt-4o-mini-2024-07-18` is gpt-4o-mini, never
 * gpt-4o). Names of audio, realtime, image or TTS variants never match by prefix. Results, including
 * misses, are memoised per model string in a bounded LRU map.
 *
 * @param overrides Prices (USD per 1M tokens) that win over the table, by model name.
 * @throws TypeError when an override is invalid (see {@link validateModelPrice}).
 * @example
 * const priceOf = createPriceResolver({ 'my-finetune': { input: 0.3, output: 1.2 } });
 * priceOf('openai/gpt-4o-2024-08-06'); // { input: 2.5, output: 10, cachedInput: 1.25, reasoning: 0, cacheWrite: 0 }
 */
export function createPriceResolver(
  overrides?: Readonly<Record<string, ModelPrice>>,
  options?: PriceResolverOptions,
): PriceResolver {
  const exactOverrides = new Map<string, Readonly<ModelPrice>>();
  const normalizedOverrides = new Map<string, Readonly<ModelPrice>>();
  for (const [name, price] of Object.entries(overrides ?? {})) {
    const problem = validateModelPrice(name, price);
    if (problem) throw new TypeError(`createPriceResolver: ${problem}`);
    const frozen = freezePrice(price);
    exactOverrides.set(name, frozen);
    const normalized = normalizeModelName(name);
    // The first override wins a normalized name; an exact match still reaches every override.
    if (!normalizedOverrides.has(normalized)) normalizedOverrides.set(normalized, frozen);
  }
  const requested = options?.maxCacheEntries;
  const maxEntries =
    typeof requested === 'number' && Number.isInteger(requested) && requested >= 0
      ? requested
      : DEFAULT_MAX_CACHE_ENTRIES;
  const memo = new Map<string, Readonly<ModelPrice> | undefined>();

  const resolve = (model: string): Readonly<ModelPrice> | undefined =>
    exactOverrides.get(model) ?? normalizedOverrides.get(normalizeModelName(model)) ?? lookupTable(model);

  const resolver = (model: string): ModelPrice | undefined => {
    if (typeof model !== 'string' || model === '' || model.length > MAX_MODEL_NAME_LENGTH) return undefined;
    if (memo.has(model)) {
      const hit = memo.get(model);
      memo.delete(model); // re-insert: Map order is the LRU order
      memo.set(model, hit);
      return hit;
    }
    const price = resolve(model);
    if (maxEntries > 0) {
      if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
      memo.set(model, price);
    }
    return price;
  };
  Object.defineProperty(resolver, 'cacheSize', { get: () => memo.size, enumerable: true });
  return resolver as PriceResolver;
}
