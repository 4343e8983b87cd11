/**
 * Generates `src/pricing/langfuse-prices.generated.ts` from the model prices Langfuse ships by
 * default (`data/langfuse/default-model-prices.json`, an unmodified copy of langfuse/langfuse
 * `worker/src/constants/default-model-prices.json`; see `data/langfuse/SOURCE.md`). Run
 * `pnpm --filter @tradingagents/telemetry prices:langfuse` after replacing the JSON;
 * `test/pricing/langfuse-prices.test.ts` fails while the committed file differs from what this makes.
 *
 * Each Langfuse model becomes our {@link ModelPrice} as Langfuse would price the `usage_details` we
 * send (keys from `TOKEN_TYPE_TABLE`, plus `total`). The rules followed, read at the commit below:
 * - model match: `worker/src/constants/default-model-prices.json` `matchPattern` is a PostgreSQL
 *   regex applied as `model ~ match_pattern` to the raw model name
 *   (`packages/shared/src/server/ingestion/modelMatch.ts`, `findModelInPostgres`); the leading `(?i)`
 *   becomes the JavaScript flag `i`;
 * - cost: each usage key costs `units * price[key]`, a key without a price costs nothing, and the
 *   total is the sum, unless `total` itself has a price, then `total units * price.total`
 *   (`worker/src/services/IngestionService/index.ts`, `calculateUsageCosts`);
 * - tiers: non-default tiers in ascending `priority`, the first whose conditions all hold, else the
 *   default; a usage condition sums the usage keys its regex matches
 *   (`packages/shared/src/server/pricing-tiers/matcher.ts`, `matchPricingTier`). Tiers conditioned
 *   on model parameters or metadata (`service_tier`, `speed`) are left out: our cost is the default
 *   tier's. A usage condition must reduce to "all input tokens > N" for our keys, else this throws.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelPrice, PriceTier } from '../src/pricing/types.js';
import { TOKEN_TYPE_TABLE } from '../src/tokens.js';

/** Where the data file was taken from; update with the JSON. */
export const LANGFUSE_SOURCE = Object.freeze({
  repository: 'langfuse/langfuse',
  path: 'worker/src/constants/default-model-prices.json',
  commit: '62751446149b702b419a9292ddfc2280cdf74b8c',
});

export const DATA_FILE = fileURLToPath(
  new URL('../data/langfuse/default-model-prices.json', import.meta.url),
);
export const GENERATED_FILE = fileURLToPath(
  new URL('../src/pricing/langfuse-prices.generated.ts', import.meta.url),
);

/** One Langfuse model as generated: its match rule and our price, `null` when none of our keys is priced. */
export interface GeneratedLangfuseModel {
  modelName: string;
  matchPattern: string;
  flags: string;
  price: ModelPrice | null;
}

interface LangfuseCondition {
  source?: string;
  usageDetailPattern?: string;
  operator?: string;
  value?: number;
  caseSensitive?: boolean;
}
interface LangfuseTier {
  name: string;
  isDefault: boolean;
  priority: number;
  conditions: LangfuseCondition[];
  prices: Record<string, number>;
}
interface LangfuseModel {
  modelName: string;
  matchPattern: string;
  pricingTiers: LangfuseTier[];
}

type RateField = Exclude<keyof ModelPrice, 'tiers'>;
const RATE_FIELD: Record<(typeof TOKEN_TYPE_TABLE)[number]['field'], RateField> = {
  input: 'input',
  output: 'output',
  cacheRead: 'cachedInput',
  reasoning: 'reasoning',
  cacheWrite: 'cacheWrite',
};
/** The keys of the `usage_details` we send: the token vocabulary's, and `total`. */
const SENT_KEYS = [...TOKEN_TYPE_TABLE.map((row) => row.langfuseKey), 'total'];
const INPUT_KEYS = TOKEN_TYPE_TABLE.filter((row) => row.field === 'input' || row.partOf === 'input')
  .map((row) => row.langfuseKey)
  .sort();

/** USD per token (Langfuse) to USD per 1M tokens (ours), without binary noise (`1e-7` → 0.1). */
const perMillion = (perToken: number): number => Number((perToken * 1_000_000).toPrecision(12));

function ratesOf(model: string, prices: Record<string, number>): Omit<ModelPrice, 'tiers'> | null {
  const sent = SENT_KEYS.filter((key) => typeof prices[key] === 'number');
  if (sent.length === 0) return null;
  const total = prices.total;
  if (total !== undefined) {
    if (sent.length > 1) throw new Error(`${model}: both "total" and per-type prices; not supported`);
    // Only `total` is priced: every token we send costs the same.
    const rate = perMillion(total);
    return { input: rate, output: rate, cachedInput: rate, reasoning: rate, cacheWrite: rate };
  }
  const rates = {} as Record<RateField, number>;
  // A key Langfuse has no price for costs nothing there, so it costs nothing here.
  for (const row of TOKEN_TYPE_TABLE) rates[RATE_FIELD[row.field]] = perMillion(prices[row.langfuseKey] ?? 0);
  return rates;
}

/** `N` when the condition holds exactly when all input tokens are more than `N`; throws otherwise. */
function inputThreshold(model: string, condition: LangfuseCondition): number {
  const regex = new RegExp(condition.usageDetailPattern ?? '', condition.caseSensitive ? '' : 'i');
  const matched = SENT_KEYS.filter((key) => regex.test(key)).sort();
  if (
    condition.operator !== 'gt' ||
    typeof condition.value !== 'number' ||
    `${matched}` !== `${INPUT_KEYS}`
  ) {
    throw new Error(`${model}: tier condition ${JSON.stringify(condition)} is not "input tokens > N"`);
  }
  return condition.value;
}

function convertModel(model: LangfuseModel): GeneratedLangfuseModel {
  const { modelName } = model;
  const flagged = model.matchPattern.startsWith('(?i)');
  const matchPattern = flagged ? model.matchPattern.slice(4) : model.matchPattern;
  if (matchPattern.includes('(?')) throw new Error(`${modelName}: unsupported regex ${model.matchPattern}`);
  const flags = flagged ? 'i' : '';
  new RegExp(matchPattern, flags); // throws on a pattern JavaScript reads differently

  const defaults = model.pricingTiers.filter((tier) => tier.isDefault);
  if (defaults.length !== 1) throw new Error(`${modelName}: ${defaults.length} default tiers`);
  const base = ratesOf(modelName, defaults[0]?.prices ?? {});
  if (base === null) return { modelName, matchPattern, flags, price: null };

  const tiers: PriceTier[] = [];
  const byPriority = model.pricingTiers.filter((t) => !t.isDefault).sort((a, b) => a.priority - b.priority);
  for (const tier of byPriority) {
    if (tier.conditions.length === 0 || tier.conditions.some((c) => c.source !== undefined)) continue;
    const above = Math.max(...tier.conditions.map((c) => inputThreshold(modelName, c)));
    const rates = ratesOf(`${modelName} / ${tier.name}`, tier.prices);
    if (rates === null) throw new Error(`${modelName} / ${tier.name}: no price for any key we send`);
    tiers.push({ inputTokensAbove: above, ...rates });
  }
  return { modelName, matchPattern, flags, price: tiers.length > 0 ? { ...base, tiers } : base };
}

/** Our prices for every model of Langfuse's default list, in the list's order. */
export function buildLangfusePrices(json: string): GeneratedLangfuseModel[] {
  const models = JSON.parse(json) as LangfuseModel[];
  return models.map(convertModel);
}

/** SHA-256 (hex) of the data file, recorded in the generated file. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The text of `src/pricing/langfuse-prices.generated.ts` (before formatting). */
export function renderLangfusePrices(json: string): string {
  const source = { ...LANGFUSE_SOURCE, sha256: sha256(json) };
  return `// Generated by scripts/langfuse-prices.ts from data/langfuse/default-model-prices.json. Do not edit.
import type { LangfuseModelPrice } from './langfuse-match.js';

/** The Langfuse data this file was generated from. */
export const LANGFUSE_PRICES_SOURCE = ${JSON.stringify(source)} as const;

/** Langfuse's default models, in its order, with our prices (USD per 1M tokens) for the usage we send. */
export const LANGFUSE_MODEL_PRICES: readonly LangfuseModelPrice[] = ${JSON.stringify(buildLangfusePrices(json))};
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_FILE, renderLangfusePrices(readFileSync(DATA_FILE, 'utf8')));
  execFileSync('biome', ['format', '--write', GENERATED_FILE], { stdio: 'inherit' });
}
