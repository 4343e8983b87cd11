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

// Bedrock cross-region inference profiles and vendor prefixes: `us.anthropic.`, `anthropic.`, …
const BEDROCK_PREFIX =
  /^(?:(?:us|eu|apac|ap|jp|au|ca|global|us-gov)\.)?(?:anthropic|openai|google|amazon|meta|mistral|cohere)\./;
const BEDROCK_VERSION = /-v\d+:\d+$/; // `-v1:0`, `-v2:0`
const CLAUDE_VERSION = /^(claude-.*)-v\d+$/; // Bedrock `-v1`, Vertex `-v2`: only Claude, `deepseek-v3` is a name
const VERTEX_VERSION = /@[\w.-]*$/; // `@20250514`, `@001`, `@latest`
const BRACKET_SUFFIX = /\[[^\]]*\]$/; // Claude Code `[1m]`
const ISO_DATE = /-\d{4}-\d{2}-\d{2}$/; // OpenAI `-2024-08-06`
const COMPACT_DATE = /-20\d{6}$/; // Anthropic `-20250514`
const MONTH_DAY = /-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/; // OpenAI legacy `-0613`
const PREVIEW_DATE = /-preview-\d{2}-\d{2}$/; // Gemini `-preview-05-20`
const GEMINI_REVISION = /^(gemini-\d[\w.-]*?)-\d{3}$/; // Gemini `gemini-2.0-flash-001`
const CLAUDE_DOTTED = /(\d)\.(\d)/g; // OpenRouter `claude-3.5-sonnet`, `claude-sonnet-4.5`
// Another modality is billed at other rates, so a text price found by prefix would be wrong.
const OTHER_MODALITY = /-(?:realtime|audio|tts|transcribe|image|live)(?:-|$)|^gemini-live-/;
const PREFIX_BOUNDARY = new Set(['-', ':', '@', '_', '[']);

/**
 * Canonical form of a model name, the form the price table is keyed by: lowercase, without
 * provider/path prefixes (`openai/`, `anthropic/`, `models/`, `google/`, Vertex resource paths,
 * Bedrock `us.anthropic.`), without snapshot suffixes (`-2024-08-06`, `-20250514`, `@20250514`,
 * `-v1:0`, `-0613`, `-001`, `-latest`, `-preview-05-20` → `-preview`) and with Claude's dotted
 * versions dashed (`claude-3.5-sonnet` → `claude-3-5-sonnet`). Pure; never throws.
 *
 * @example normalizeModelName('us.anthropic.claude-sonnet-4-20250514-v1:0') // 'claude-sonnet-4'
 */
export function normalizeModelName(model: string): string {
  if (typeof model !== 'string') return '';
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(BEDROCK_PREFIX, '');
  name = name.replace(BRACKET_SUFFIX, '').replace(VERTEX_VERSION, '').replace(BEDROCK_VERSION, '');
  name = name.replace(CLAUDE_VERSION, '$1');
  if (name.endsWith('-latest')) name = name.slice(0, -'-latest'.length);
  name = name.replace(ISO_DATE, '').replace(COMPACT_DATE, '').replace(MONTH_DAY, '');
  name = name.replace(PREVIEW_DATE, '-preview').replace(GEMINI_REVISION, '$1');
  if (name.startsWith('claude-')) name = name.replace(CLAUDE_DOTTED, '$1-$2');
  return name;
}

/** Lowercase without provider prefix, but with every version suffix kept. */
function stripProvider(model: string): string {
  const name = model.trim().toLowerCase();
  return name.slice(name.lastIndexOf('/') + 1).replace(BEDROCK_PREFIX, '');
}

const isRate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Checks one price entry. Returns an error message naming the model and the field when a rate is
 * missing (`input`, `output`), not a number, NaN, infinite or negative; `undefined` when valid.
 */
export function validateModelPrice(name: string, price: ModelPrice): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'model name must be a non-empty string';
  if (price === null || typeof price !== 'object') return `price of model "${name}" must be an object`;
  for (const field of PRICE_FIELDS) {
    const value: unknown = price[field];
    if (value === undefined && !REQUIRED_FIELDS.has(field)) continue;
    if (!isRate(value)) {
      const got = typeof value === 'number' ? String(value) : typeof value;
      return `price of model "${name}": "${field}" must be a finite number >= 0 (USD per 1M tokens), got ${got}`;
    }
  }
  return undefined;
}

const TABLE = new Map<string, Readonly<ModelPrice>>(Object.entries(PRICE_TABLE));
// Longest first, so `gpt-4o-mini-search` finds gpt-4o-mini before gpt-4o.
const TABLE_KEYS_BY_LENGTH = [...TABLE.keys()].sort((a, b) => b.length - a.length);

function lookupTable(model: string): Readonly<ModelPrice> | undefined {
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
 * matched on the exact name, then on the normalized name; the table's exact key (raw, then without
 * provider prefix); the table's normalized key; finally the longest table key that prefixes the
 * normalized name at a `-`/`:`/`@` boundary (so `gpt-4o-mini-2024-07-18` is gpt-4o-mini, never
 * gpt-4o). Names of audio, realtime, image or TTS variants never match by prefix. Results, including
 * misses, are memoised per model string in a bounded LRU map.
 *
 * @param overrides Prices (USD per 1M tokens) that win over the table, by model name.
 * @throws TypeError when an override is invalid (see {@link validateModelPrice}).
 * @example
 * const priceOf = createPriceResolver({ 'my-finetune': { input: 0.3, output: 1.2 } });
 * priceOf('openai/gpt-4o-2024-08-06'); // { input: 2.5, cachedInput: 1.25, output: 10 }
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
    const frozen = Object.freeze({ ...price });
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
