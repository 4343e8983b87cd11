import { describe, expect, it } from 'vitest';
import {
  createPriceResolver,
  normalizeModelName,
  PRICE_TABLE,
  PRICE_TABLE_VERSION,
  validateModelPrice,
} from '../../src/pricing/index.js';
import { langfuseTableEntries, OWN_PRICES } from '../../src/pricing/price-table.js';

const entries = Object.entries(PRICE_TABLE);
const ownEntries = Object.entries(OWN_PRICES);
const RATE_FIELDS = ['input', 'output', 'cachedInput', 'reasoning', 'cacheWrite'] as const;

describe('PRICE_TABLE_VERSION', () => {
  it('is a real YYYY-MM-DD date', () => {
    expect(PRICE_TABLE_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${PRICE_TABLE_VERSION}T00:00:00Z`).toISOString().slice(0, 10)).toBe(PRICE_TABLE_VERSION);
  });
});

describe('PRICE_TABLE', () => {
  it('has a useful number of models', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
  });

  it.each(entries)('%s has finite, non-negative input and output prices', (model, price) => {
    expect(validateModelPrice(model, price)).toBeUndefined();
    expect(typeof price.input).toBe('number');
    expect(typeof price.output).toBe('number');
    for (const field of RATE_FIELDS) {
      const value = price[field];
      if (value !== undefined) {
        expect(Number.isFinite(value), field).toBe(true);
        expect(value, field).toBeGreaterThanOrEqual(0);
      }
    }
  });

  // Langfuse's entries are checked against Langfuse's data in langfuse-prices.test.ts: where it has
  // no price for a token type it charges nothing, so its rates can be 0 below input.
  it.each(ownEntries)(
    '%s (kept by hand) has cache reads no dearer and cache writes no cheaper than input',
    (_m, price) => {
      if (price.cachedInput !== undefined) expect(price.cachedInput).toBeLessThanOrEqual(price.input);
      if (price.cacheWrite !== undefined) expect(price.cacheWrite).toBeGreaterThanOrEqual(price.input);
    },
  );

  it('prices reasoning as output in the hand-kept entries (no provider bills it separately)', () => {
    for (const [, price] of ownEntries) expect(price.reasoning).toBeUndefined();
  });

  it('keeps by hand only models Langfuse does not know, keyed by canonical names', () => {
    const langfuse = langfuseTableEntries();
    expect(ownEntries.map(([model]) => model).filter((m) => langfuse.has(m))).toEqual([]);
    expect(ownEntries.map(([model]) => model).filter((m) => normalizeModelName(m) !== m)).toEqual([]);
  });

  it('holds every hand-kept entry and every Langfuse entry, Langfuse winning', () => {
    for (const [model, price] of ownEntries) expect(PRICE_TABLE[model]).toBe(price);
    for (const [model, price] of langfuseTableEntries()) expect(PRICE_TABLE[model]).toBe(price);
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(PRICE_TABLE)).toBe(true);
    for (const [, price] of entries) {
      expect(Object.isFrozen(price)).toBe(true);
      for (const tier of price.tiers ?? []) expect(Object.isFrozen(tier)).toBe(true);
    }
  });

  it.each([
    // OpenAI
    'gpt-6.2-astra',
    'gpt-6-luna',
    'gpt-5.6-terra',
    'gpt-5.5',
    'gpt-5.4',
    'gpt-5.4-mini',
    'gpt-5.4-nano',
    'gpt-5.2',
    'gpt-5.1',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'gpt-4o',
    'gpt-4o-mini',
    'o3',
    'o3-mini',
    'o4-mini',
    'text-embedding-3-small',
    'text-embedding-3-large',
    // Anthropic
    'claude-opus-4-1-20250805',
    'claude-opus-4-5-20251101',
    'claude-sonnet-4-20250514',
    'claude-sonnet-4-5-20250929',
    'claude-haiku-4-5-20251001',
    'claude-3-7-sonnet-20250219',
    'claude-3-5-sonnet-20241022',
    'claude-3-5-haiku-20241022',
    'claude-sonnet-5-5',
    // Google
    'gemini-2.5-pro',
    'gemini-2.5-flash',
    'gemini-2.5-flash-lite',
    'gemini-2.0-flash',
    'gemini-3-pro-preview',
    'gemini-3-flash-preview',
    'gemini-3.1-pro-preview',
    'gemini-3.5-flash',
  ])('covers %s', (model) => {
    expect(createPriceResolver()(model)).toBeDefined();
  });

  it('prices embeddings by their total, as Langfuse does (only `total` has a price)', () => {
    expect(PRICE_TABLE['text-embedding-3-small']).toMatchObject({ input: 0.02, output: 0.02 });
    expect(PRICE_TABLE['text-embedding-3-large']).toMatchObject({ input: 0.13, output: 0.13 });
    expect(PRICE_TABLE['gemini-embedding-001']?.output).toBe(0);
  });
});
