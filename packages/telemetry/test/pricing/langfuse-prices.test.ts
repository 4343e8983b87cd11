/**
 * Our price table against the model prices Langfuse ships by default (the committed copy in
 * data/langfuse/). The Langfuse side is computed here from that JSON by Langfuse's rules, written out
 * independently of src/pricing (langfuse/langfuse at the commit in data/langfuse/SOURCE.md):
 * - match: `model ~ match_pattern` on the raw name (packages/shared/src/server/ingestion/modelMatch.ts);
 * - tier: non-default tiers by ascending priority, all conditions must hold, usage conditions sum the
 *   usage keys their regex matches, else the default tier (packages/shared/src/server/pricing-tiers/matcher.ts);
 * - cost: `units * price` per usage key with a price, total = `price.total * units.total` when
 *   `total` is priced, else the sum (worker/src/services/IngestionService/index.ts, calculateUsageCosts).
 * The usage is the `usage_details` our spans really send (usageAttributes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLangfusePrices, DATA_FILE, LANGFUSE_SOURCE, sha256 } from '../../scripts/langfuse-prices.js';
import { computeCost, createPriceResolver, type TokenUsage } from '../../src/pricing/index.js';
import {
  LANGFUSE_MODEL_PRICES,
  LANGFUSE_PRICES_SOURCE,
} from '../../src/pricing/langfuse-prices.generated.js';
import { usageAttributes } from '../../src/scopes/langfuse-attributes.js';
import { ATTR_LANGFUSE_OBSERVATION_USAGE_DETAILS } from '../../src/semconv.js';
import { TOKEN_TYPE_TABLE } from '../../src/tokens.js';

interface Condition {
  source?: string;
  usageDetailPattern?: string;
  operator?: string;
  value?: number;
  caseSensitive?: boolean;
}
interface Tier {
  isDefault: boolean;
  priority: number;
  conditions: Condition[];
  prices: Record<string, number>;
}
interface LangfuseModel {
  modelName: string;
  matchPattern: string;
  pricingTiers: Tier[];
}

const json = readFileSync(DATA_FILE, 'utf8');
const MODELS = JSON.parse(json) as LangfuseModel[];

/** PostgreSQL `~` with an embedded `(?i)`, as JavaScript. */
const postgresRegex = (pattern: string): RegExp =>
  pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
const REGEXES = MODELS.map((model) => postgresRegex(model.matchPattern));

function langfuseMatches(name: string): LangfuseModel[] {
  return MODELS.filter((_, i) => REGEXES[i]?.test(name));
}

function conditionHolds(condition: Condition, usage: Record<string, number>): boolean {
  if (condition.source !== undefined) return false; // we send no service_tier/speed parameters here
  const regex = new RegExp(condition.usageDetailPattern ?? '', condition.caseSensitive ? '' : 'i');
  const sum = Object.keys(usage)
    .filter((key) => regex.test(key))
    .reduce((acc, key) => acc + (usage[key] ?? 0), 0);
  const value = condition.value ?? Number.NaN;
  switch (condition.operator) {
    case 'gt':
      return sum > value;
    case 'gte':
      return sum >= value;
    case 'lt':
      return sum < value;
    case 'lte':
      return sum <= value;
    case 'eq':
      return sum === value;
    case 'neq':
      return sum !== value;
    default:
      return false;
  }
}

function langfuseTier(model: LangfuseModel, usage: Record<string, number>): Tier {
  const ordered = model.pricingTiers.filter((t) => !t.isDefault).sort((a, b) => a.priority - b.priority);
  const hit = ordered.find(
    (t) => t.conditions.length > 0 && t.conditions.every((c) => conditionHolds(c, usage)),
  );
  const fallback = model.pricingTiers.find((t) => t.isDefault);
  if (fallback === undefined) throw new Error(`${model.modelName}: no default tier`);
  return hit ?? fallback;
}

/** Langfuse's cost_details for `usage` (only keys with a price), with `total`, or `{}`. */
function langfuseCost(model: LangfuseModel, usage: Record<string, number>): Record<string, number> {
  const { prices } = langfuseTier(model, usage);
  const cost: Record<string, number> = {};
  for (const [key, units] of Object.entries(usage)) {
    const price = prices[key];
    if (price !== undefined) cost[key] = price * units;
  }
  const entries = Object.values(cost);
  if (cost.total === undefined && entries.length > 0) cost.total = entries.reduce((a, b) => a + b, 0);
  return cost;
}

const sentUsageDetails = (usage: TokenUsage): Record<string, number> =>
  JSON.parse(String(usageAttributes(usage, undefined)[ATTR_LANGFUSE_OBSERVATION_USAGE_DETAILS]));

const USAGES: Record<string, TokenUsage> = {
  small: { input: 1000, cacheRead: 300, cacheWrite: 100, output: 500, reasoning: 200 },
  plain: { input: 1200, output: 300 },
  'at 200K': { input: 200_000, cacheRead: 50_000, output: 1000 },
  'above 200K': { input: 200_001, cacheRead: 50_000, output: 1000 },
  'at 272K': { input: 272_000, cacheWrite: 2000, output: 900, reasoning: 300 },
  'above 272K (cache writes included)': { input: 272_001, cacheWrite: 2000, output: 900, reasoning: 300 },
  large: { input: 900_000, cacheRead: 400_000, cacheWrite: 10_000, output: 20_000, reasoning: 7000 },
};

/** Names of models whose `modelName` their own pattern does not match (Langfuse's data spells them otherwise). */
const PATTERN_NAMES: Readonly<Record<string, readonly string[]>> = {
  'claude-3.5-haiku-latest': ['claude-3-5-haiku-latest'],
  'claude-3.5-sonnet-20241022': ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-V2@20241022'],
  'claude-3.5-sonnet-latest': ['claude-3-5-sonnet-latest'],
  'claude-3.7-sonnet-latest': ['claude-3-7-sonnet-latest'],
  'ft:babbage-002': ['ft:babbage-002:acme::abc123'],
  'ft:davinci-002': ['ft:davinci-002:acme::abc123'],
  'ft:gpt-3.5-turbo-0613': ['ft:gpt-3.5-turbo-0613:acme::abc123'],
  'ft:gpt-3.5-turbo-1106': ['ft:gpt-3.5-turbo-1106:acme:suffix:abc123'],
  'gpt-4-turbo-vision': ['gpt-4-vision-preview', 'gpt-4-1106-vision-preview'],
};

/** Names a client may report for a Langfuse model; only those Langfuse matches are compared. */
const namesFor = (modelName: string): string[] => [
  ...(PATTERN_NAMES[modelName] ?? []),
  modelName,
  modelName.toUpperCase(),
  `openai/${modelName}`,
  `anthropic/${modelName}`,
  `google/${modelName}`,
  `us.anthropic.${modelName}-v1:0`,
  `${modelName}@20250101`,
  `${modelName}-2099-01-01`,
];

const LABEL_OF_KEY = new Map<string, string>(TOKEN_TYPE_TABLE.map((row) => [row.langfuseKey, row.label]));
const close = (ours: number, theirs: number): boolean =>
  Math.abs(ours - theirs) <= 1e-12 * Math.max(1, Math.abs(theirs));

describe('langfuse-prices.generated.ts', () => {
  it('is what scripts/langfuse-prices.ts makes of the committed Langfuse data', () => {
    expect(LANGFUSE_MODEL_PRICES).toEqual(buildLangfusePrices(json));
    expect(LANGFUSE_PRICES_SOURCE).toEqual({ ...LANGFUSE_SOURCE, sha256: sha256(json) });
  });

  it('would differ after a change of one Langfuse price (the check above can fail)', () => {
    const changed = JSON.parse(json) as LangfuseModel[];
    const gpt4o = changed.find((m) => m.modelName === 'gpt-4o')?.pricingTiers.find((t) => t.isDefault);
    if (gpt4o === undefined) throw new Error('gpt-4o missing from the data');
    gpt4o.prices.input = 3e-6;
    expect(buildLangfusePrices(JSON.stringify(changed))).not.toEqual(LANGFUSE_MODEL_PRICES);
  });

  it('refuses Langfuse data it cannot reproduce instead of generating a wrong price', () => {
    const model = (tier: Partial<Tier>, pattern = '(?i)^(m)$'): string =>
      JSON.stringify([
        {
          modelName: 'm',
          matchPattern: pattern,
          pricingTiers: [
            { isDefault: true, priority: 0, conditions: [], prices: { input: 1e-6, output: 2e-6 } },
            { isDefault: false, priority: 1, conditions: [], prices: { input: 2e-6 }, ...tier },
          ],
        },
      ]);
    const gt = (pattern: string) => ({ usageDetailPattern: pattern, operator: 'gt', value: 100 });
    // A threshold on output tokens, or one that is not "more than", is no input threshold.
    expect(() => buildLangfusePrices(model({ conditions: [gt('(output)')] }))).toThrow(
      /not "input tokens > N"/,
    );
    expect(() =>
      buildLangfusePrices(model({ conditions: [{ ...gt('(input)'), operator: 'lt' }] })),
    ).toThrow();
    expect(() =>
      buildLangfusePrices(model({ conditions: [gt('(input)')], prices: { total: 1e-6, input: 1e-6 } })),
    ).toThrow(/total/);
    expect(() => buildLangfusePrices(model({}, '(?i)^(m)(?=x)$'))).toThrow(/unsupported regex/);
    // Supported: an input threshold; tiers on request parameters are left out.
    const ok = buildLangfusePrices(model({ conditions: [gt('(input|cache_write)')] }));
    expect(ok[0]?.price?.tiers).toEqual([
      { inputTokensAbove: 100, input: 2, output: 0, cachedInput: 0, reasoning: 0, cacheWrite: 0 },
    ]);
    const byParameter = { source: 'model_parameters', key: 'service_tier', operator: 'in', values: ['flex'] };
    expect(
      buildLangfusePrices(model({ conditions: [byParameter as Condition] }))[0]?.price?.tiers,
    ).toBeUndefined();
  });

  it('has one entry per Langfuse model, in Langfuse order', () => {
    expect(LANGFUSE_MODEL_PRICES.map((m) => m.modelName)).toEqual(MODELS.map((m) => m.modelName));
    expect(MODELS.length).toBe(167);
  });
});

describe('our cost equals the cost Langfuse computes, for every model in its default list', () => {
  const priceOf = createPriceResolver();
  const compared = new Set<string>();
  const unpriced = new Set<string>();

  it.each(MODELS.map((m) => [m.modelName]))('%s', (modelName) => {
    for (const name of namesFor(modelName)) {
      const matches = langfuseMatches(name);
      const model = matches[0];
      if (model === undefined) continue;
      // Langfuse does not order default models among themselves: all matches must price alike.
      for (const other of matches)
        expect(other.pricingTiers, `${name}: ${other.modelName}`).toEqual(model.pricingTiers);

      for (const [label, usage] of Object.entries(USAGES)) {
        const details = sentUsageDetails(usage);
        const theirs = langfuseCost(model, details);
        const price = priceOf(name);
        if (theirs.total === undefined) {
          // Langfuse prices none of the usage we send (audio/realtime models): neither do we.
          expect(price, `${name} (${label})`).toBeUndefined();
          unpriced.add(model.modelName);
          continue;
        }
        expect(price, `${name} (${label})`).toBeDefined();
        const ours = computeCost(usage, price ?? { input: Number.NaN, output: Number.NaN });
        expect(close(ours.total, theirs.total), `${name} (${label}): ${ours.total} vs ${theirs.total}`).toBe(
          true,
        );
        for (const [key, value] of Object.entries(theirs)) {
          const part = LABEL_OF_KEY.get(key) as keyof typeof ours | undefined;
          if (key === 'total' || part === undefined || 'total' in langfuseTier(model, details).prices)
            continue;
          expect(close(ours[part], value), `${name} (${label}) ${key}: ${ours[part]} vs ${value}`).toBe(true);
        }
        compared.add(model.modelName);
      }
    }
  });

  it('compared every Langfuse model reachable by name, and left only audio-only models unpriced', () => {
    expect([...unpriced].sort()).toEqual([
      'gemini-live-2.5-flash-native-audio',
      'gpt-4o-audio-preview',
      'gpt-4o-audio-preview-2024-10-01',
      'gpt-4o-realtime-preview',
      'gpt-4o-realtime-preview-2024-10-01',
    ]);
    const notReached = MODELS.map((m) => m.modelName).filter((m) => !compared.has(m) && !unpriced.has(m));
    expect(notReached).toEqual([]);
    expect(compared.size + unpriced.size).toBe(MODELS.length);
  });
});
