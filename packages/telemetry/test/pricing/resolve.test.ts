import { describe, expect, it } from 'vitest';
import type { ModelPrice } from '../../src/pricing/index.js';
import {
  createPriceResolver,
  normalizeModelName,
  PRICE_TABLE,
  validateModelPrice,
} from '../../src/pricing/index.js';

describe('normalizeModelName', () => {
  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['  gpt-4o  ', 'gpt-4o'],
    ['openai/gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['gpt-4-0613', 'gpt-4'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['anthropic/claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-opus-4@20250514', 'claude-opus-4'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    ['bedrock/eu.anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet'],
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['claude-opus-4-6[1m]', 'claude-opus-4-6'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['google/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash-preview'],
    ['gemini-embedding-001', 'gemini-embedding-001'],
    ['text-embedding-3-large', 'text-embedding-3-large'],
    ['gpt-5.4-mini-2026-03-17', 'gpt-5.4-mini'],
    ['amazon.nova-pro-v1:0', 'nova-pro'],
    ['deepseek-v3', 'deepseek-v3'],
    ['mistral-large-2411', 'mistral-large-2411'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeModelName(raw)).toBe(expected);
  });

  it('never throws on garbage', () => {
    expect(normalizeModelName('')).toBe('');
    expect(normalizeModelName(undefined as unknown as string)).toBe('');
    expect(normalizeModelName(42 as unknown as string)).toBe('');
    expect(normalizeModelName('////')).toBe('');
  });
});

describe('createPriceResolver: the bundled table', () => {
  const priceOf = createPriceResolver();

  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    // Langfuse's own entries for dated snapshots (same prices, other objects).
    ['gpt-4o-2024-08-06', 'gpt-4o-2024-08-06'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-07-18'],
    ['openai/gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-mini-search-preview', 'gpt-4o-mini'],
    ['gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['openai/gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['o3-mini-2025-01-31', 'o3-mini-2025-01-31'],
    ['o1-pro-2025-03-19', 'o1-pro-2025-03-19'],
    ['gpt-5-codex', 'gpt-5'],
    ['gpt-5-chat-latest', 'gpt-5-chat-latest'],
    ['gpt-5.4-nano-2026-03-17', 'gpt-5.4-nano-2026-03-17'],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini-2025-04-14'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-opus-4-0', 'claude-opus-4'],
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-7-sonnet'],
    ['anthropic/claude-3.7-sonnet:thinking', 'claude-3-7-sonnet'],
    ['claude-sonnet-5-5[1m]', 'claude-sonnet-5-5'],
    ['claude-3-5-haiku-latest', 'claude-3.5-haiku-latest'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-lite-preview-06-17', 'gemini-2.5-flash-lite'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash-001'],
    ['gemini-3.1-pro-preview-customtools', 'gemini-3.1-pro-preview'],
    ['gemini-3.1-flash-lite-preview', 'gemini-3.1-flash-lite-preview'],
  ])('%s is priced as %s', (model, key) => {
    expect(priceOf(model)).toBe(PRICE_TABLE[key]);
  });

  it('keeps the launch price of the first gpt-4o snapshot apart from gpt-4o', () => {
    // Langfuse has no cached-input price for it, so cache reads cost nothing there and here.
    expect(priceOf('gpt-4o-2024-05-13')).toEqual({
      input: 5,
      output: 15,
      cachedInput: 0,
      reasoning: 0,
      cacheWrite: 0,
    });
    expect(priceOf('gpt-4o-2024-11-20')).toEqual({
      input: 2.5,
      output: 10,
      cachedInput: 1.25,
      reasoning: 0,
      cacheWrite: 0,
    });
    // Not a name Langfuse matches: our normalisation keeps the snapshot's own (Langfuse) price.
    expect(priceOf('azure/gpt-4o-2024-05-13')).toBe(PRICE_TABLE['gpt-4o-2024-05-13']);
  });

  it.each([
    'llama-3.1-70b-instruct',
    'totally-unknown',
    'gpt-5.9', // a `.` is not a prefix boundary: gpt-5.9 is not gpt-5
    'gpt-4o-realtime-preview', // other modalities are billed at other rates
    'gpt-4o-mini-tts',
    'gpt-4o-audio-preview-2024-12-17',
    'gemini-2.5-flash-image',
    'gemini-live-2.5-flash',
    'ft:gpt-4o-mini-2024-07-18:acme::abc123', // fine-tuned models have their own prices
    'constructor',
    '__proto__',
    '',
  ])('%s is unknown', (model) => {
    expect(priceOf(model)).toBeUndefined();
  });

  it('returns undefined for non-strings and absurdly long names without throwing', () => {
    expect(priceOf(undefined as unknown as string)).toBeUndefined();
    expect(priceOf(null as unknown as string)).toBeUndefined();
    expect(priceOf({} as unknown as string)).toBeUndefined();
    expect(priceOf(`gpt-4o-${'x'.repeat(10_000)}`)).toBeUndefined();
  });

  it('returns frozen table entries', () => {
    const price = priceOf('gpt-4o');
    expect(Object.isFrozen(price)).toBe(true);
  });
});

describe('createPriceResolver: overrides', () => {
  const custom: ModelPrice = { input: 1, cachedInput: 0.1, output: 2 };
  const dated: ModelPrice = { input: 7, output: 9 };

  it('wins over the table on the exact and the normalized name', () => {
    const priceOf = createPriceResolver({ 'gpt-4o': custom });
    expect(priceOf('gpt-4o')).toEqual(custom);
    expect(priceOf('openai/gpt-4o-2024-08-06')).toEqual(custom);
    expect(priceOf('GPT-4o')).toEqual(custom);
    // Other models still come from the table.
    expect(priceOf('gpt-4o-mini')).toBe(PRICE_TABLE['gpt-4o-mini']);
  });

  it('wins over a Langfuse match, and its tiers are frozen with it', () => {
    const tiered: ModelPrice = {
      input: 1,
      output: 2,
      tiers: [{ inputTokensAbove: 10, input: 3, output: 4 }],
    };
    const priceOf = createPriceResolver({ 'claude-sonnet-4-20250514': tiered });
    // A Langfuse pattern matches the Bedrock name too, but the normalized override comes first.
    expect(priceOf('us.anthropic.claude-sonnet-4-20250514-v1:0')).toEqual(tiered);
    expect(Object.isFrozen(priceOf('claude-sonnet-4-20250514')?.tiers?.[0])).toBe(true);
    expect(createPriceResolver()('us.anthropic.claude-sonnet-4-20250514-v1:0')).toBe(
      PRICE_TABLE['claude-sonnet-4-20250514'],
    );
  });

  it('matches an exact override before a normalized one', () => {
    const priceOf = createPriceResolver({ 'gpt-4o': custom, 'gpt-4o-2024-08-06': dated });
    expect(priceOf('gpt-4o-2024-08-06')).toEqual(dated);
    expect(priceOf('gpt-4o-2024-11-20')).toEqual(custom);
  });

  it('normalizes override keys too', () => {
    const priceOf = createPriceResolver({ 'Acme/Acme-Large-2026-01-01': custom });
    expect(priceOf('acme-large')).toEqual(custom);
    expect(priceOf('acme/acme-large-2026-02-02')).toEqual(custom);
  });

  it('adds models the table does not know', () => {
    const priceOf = createPriceResolver({ 'my-finetune': dated });
    expect(priceOf('my-finetune')).toEqual(dated);
    expect(createPriceResolver()('my-finetune')).toBeUndefined();
  });

  it('copies and freezes overrides, leaving the caller object alone', () => {
    const overrides = { 'my-model': { input: 1, output: 2 } };
    const priceOf = createPriceResolver(overrides);
    overrides['my-model'].input = 100;
    expect(priceOf('my-model')).toEqual({ input: 1, output: 2 });
    expect(Object.isFrozen(priceOf('my-model'))).toBe(true);
    expect(Object.isFrozen(overrides['my-model'])).toBe(false);
  });

  it('throws a TypeError naming the model and field for an invalid override', () => {
    expect(() => createPriceResolver({ bad: { input: Number.NaN, output: 1 } })).toThrow(TypeError);
    expect(() => createPriceResolver({ bad: { input: 1, output: -1 } })).toThrow(/"bad".*"output"/);
  });
});

describe('createPriceResolver: memo', () => {
  it('is bounded by maxCacheEntries', () => {
    const priceOf = createPriceResolver(undefined, { maxCacheEntries: 8 });
    for (let i = 0; i < 100; i++) priceOf(`unknown-model-${i}`);
    expect(priceOf.cacheSize).toBe(8);
    // Evicted names resolve again, to the same answer.
    expect(priceOf('gpt-4o')).toBe(PRICE_TABLE['gpt-4o']);
    expect(priceOf('unknown-model-0')).toBeUndefined();
    expect(priceOf.cacheSize).toBe(8);
  });

  it('caps at 1024 entries by default', () => {
    const priceOf = createPriceResolver();
    for (let i = 0; i < 3000; i++) priceOf(`gpt-4o-variant-${i}`);
    expect(priceOf.cacheSize).toBe(1024);
  });

  it('memoises hits and misses once per model string', () => {
    const priceOf = createPriceResolver();
    priceOf('gpt-4o');
    priceOf('gpt-4o');
    priceOf('nope');
    priceOf('nope');
    expect(priceOf.cacheSize).toBe(2);
  });

  it('does not memoise with maxCacheEntries 0, nor absurd names', () => {
    const off = createPriceResolver(undefined, { maxCacheEntries: 0 });
    expect(off('gpt-4o')).toBe(PRICE_TABLE['gpt-4o']);
    expect(off.cacheSize).toBe(0);
    const priceOf = createPriceResolver();
    priceOf('x'.repeat(600));
    expect(priceOf.cacheSize).toBe(0);
  });

  it('falls back to the default for an invalid maxCacheEntries', () => {
    const priceOf = createPriceResolver(undefined, { maxCacheEntries: Number.NaN });
    for (let i = 0; i < 1100; i++) priceOf(`m-${i}`);
    expect(priceOf.cacheSize).toBe(1024);
  });
});

describe('validateModelPrice', () => {
  it('accepts a valid price', () => {
    expect(validateModelPrice('m', { input: 0, output: 0 })).toBeUndefined();
    expect(
      validateModelPrice('m', { input: 1, output: 2, cachedInput: 0.1, reasoning: 3, cacheWrite: 1.25 }),
    ).toBe(undefined);
  });

  it.each([
    [{ input: Number.NaN, output: 1 }, 'input'],
    [{ input: 1, output: Number.POSITIVE_INFINITY }, 'output'],
    [{ input: -1, output: 1 }, 'input'],
    [{ input: 1, output: 1, cachedInput: -0.5 }, 'cachedInput'],
    [{ input: 1, output: 1, reasoning: Number.NaN }, 'reasoning'],
    [{ input: 1, output: 1, cacheWrite: Number.NEGATIVE_INFINITY }, 'cacheWrite'],
    [{ input: 1 }, 'output'],
    [{ input: '1', output: 1 }, 'input'],
  ])('rejects %o, naming the model and "%s"', (price, field) => {
    const message = validateModelPrice('acme-large', price as unknown as ModelPrice);
    expect(message).toContain('"acme-large"');
    expect(message).toContain(`"${field}"`);
  });

  it('checks each of `tiers`', () => {
    const tier = { inputTokensAbove: 200_000, input: 4, output: 18 };
    expect(validateModelPrice('m', { input: 2, output: 12, tiers: [tier] })).toBeUndefined();
    expect(validateModelPrice('m', { input: 2, output: 12, tiers: 'x' } as unknown as ModelPrice)).toContain(
      '"tiers"',
    );
    expect(
      validateModelPrice('m', { input: 2, output: 12, tiers: [{ ...tier, inputTokensAbove: -1 }] }),
    ).toContain('tiers[0]: "inputTokensAbove"');
    expect(
      validateModelPrice('m', { input: 2, output: 12, tiers: [tier, { ...tier, output: Number.NaN }] }),
    ).toContain('tiers[1]: "output"');
    expect(() =>
      createPriceResolver({ m: { input: 2, output: 12, tiers: [{ ...tier, input: -4 }] } }),
    ).toThrow(TypeError);
  });

  it('rejects a non-object price and an empty name', () => {
    expect(validateModelPrice('m', null as unknown as ModelPrice)).toContain('"m"');
    expect(validateModelPrice('', { input: 1, output: 1 })).toBeDefined();
  });
});
