import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CostBreakdown, ModelPrice, TokenUsage } from '../../src/pricing/index.js';
import { computeCost, PRICE_TABLE } from '../../src/pricing/index.js';

const orderedSum = (c: CostBreakdown): number =>
  c.input + c.output + c.cache_read + c.reasoning + c.cache_write;

function expectCost(actual: CostBreakdown, expected: Omit<CostBreakdown, 'total'> & { total: number }): void {
  for (const key of Object.keys(expected) as (keyof CostBreakdown)[]) {
    expect(actual[key], key).toBeCloseTo(expected[key], 12);
  }
  expect(actual.total).toBe(orderedSum(actual));
}

describe('computeCost', () => {
  it('splits OpenAI-shaped usage with cached and reasoning tokens', () => {
    // gpt-4.1-like: $2 in, $0.50 cached, $8 out. 10k input of which 4k cached; 2k output of which 500 reasoning.
    const price: ModelPrice = { input: 2, cachedInput: 0.5, output: 8 };
    const usage: TokenUsage = { input: 10_000, cacheRead: 4_000, output: 2_000, reasoning: 500 };
    expectCost(computeCost(usage, price), {
      input: 0.012, // 6,000 × $2 / 1M
      cache_read: 0.002, // 4,000 × $0.50 / 1M
      output: 0.012, // 1,500 × $8 / 1M
      reasoning: 0.004, // 500 × $8 / 1M
      cache_write: 0,
      total: 0.03,
    });
  });

  it('charges Anthropic cache writes, which are part of input, at the cache-write rate', () => {
    // claude-sonnet-4: $3 in, $0.30 cache hit, $3.75 cache write, $15 out.
    // 5,000 input = 2,000 uncached + 1,000 read + 2,000 written.
    const usage: TokenUsage = { input: 5_000, cacheRead: 1_000, cacheWrite: 2_000, output: 800 };
    expectCost(computeCost(usage, PRICE_TABLE['claude-sonnet-4'] as ModelPrice), {
      input: 0.006, // 2,000 × $3 / 1M
      cache_read: 0.0003, // 1,000 × $0.30 / 1M
      cache_write: 0.0075, // 2,000 × $3.75 / 1M
      output: 0.012, // 800 × $15 / 1M
      reasoning: 0,
      total: 0.0258,
    });
  });

  it('uses a separate reasoning rate when one is set', () => {
    const cost = computeCost(
      { input: 0, output: 1_000, reasoning: 600 },
      { input: 1, output: 4, reasoning: 10 },
    );
    expectCost(cost, {
      input: 0,
      cache_read: 0,
      cache_write: 0,
      output: 0.0016,
      reasoning: 0.006,
      total: 0.0076,
    });
  });

  it('falls back to input for cache reads and writes, and to output for reasoning', () => {
    const cost = computeCost(
      { input: 1_000_000, cacheRead: 250_000, cacheWrite: 250_000, output: 1_000_000, reasoning: 400_000 },
      { input: 2, output: 6 },
    );
    expectCost(cost, { input: 1, cache_read: 0.5, cache_write: 0.5, output: 3.6, reasoning: 2.4, total: 8 });
  });

  it('prices a million tokens at the table rate', () => {
    const cost = computeCost(
      { input: 1_000_000, output: 1_000_000 },
      PRICE_TABLE['gpt-4o-mini'] as ModelPrice,
    );
    expect(cost.input).toBeCloseTo(0.15, 12);
    expect(cost.output).toBeCloseTo(0.6, 12);
    expect(cost.total).toBeCloseTo(0.75, 12);
  });

  it('returns all zeros for empty usage', () => {
    expect(computeCost({ input: 0, output: 0 }, { input: 5, output: 25 })).toEqual({
      input: 0,
      output: 0,
      cache_read: 0,
      reasoning: 0,
      cache_write: 0,
      total: 0,
    });
  });

  it('does not charge negative remainders when the sub-counts exceed their parents', () => {
    const cost = computeCost(
      { input: 100, cacheRead: 300, cacheWrite: 50, output: 10, reasoning: 40 },
      { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 2 },
    );
    expect(cost.input).toBe(0);
    expect(cost.output).toBe(0);
    expect(cost.cache_read).toBeCloseTo(0.00003, 15);
    expect(cost.cache_write).toBeCloseTo(0.0000625, 15);
    expect(cost.reasoning).toBeCloseTo(0.00008, 15);
  });
});

describe('computeCost with garbage', () => {
  const price: ModelPrice = { input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8 };

  it.each([
    ['NaN', Number.NaN],
    ['negative', -1_000],
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a string', '1000'],
    ['null', null],
    ['undefined', undefined],
  ])('counts a token count of %s as 0', (_label, bad) => {
    const usage = {
      input: bad,
      output: 1_000,
      cacheRead: bad,
      reasoning: bad,
      cacheWrite: bad,
    } as unknown as TokenUsage;
    expectCost(computeCost(usage, price), {
      input: 0,
      cache_read: 0,
      cache_write: 0,
      output: 0.008,
      reasoning: 0,
      total: 0.008,
    });
  });

  it('stays finite for huge counts', () => {
    const huge = Number.MAX_VALUE;
    const cost = computeCost({ input: huge, output: huge, cacheRead: 1, reasoning: 1, cacheWrite: 1 }, price);
    for (const value of Object.values(cost)) expect(Number.isFinite(value)).toBe(true);
    expect(cost.total).toBe(orderedSum(cost));
  });

  it('treats invalid rates as missing', () => {
    const bad = { input: Number.NaN, output: -8, cachedInput: Number.POSITIVE_INFINITY } as ModelPrice;
    const cost = computeCost({ input: 1_000, cacheRead: 500, output: 1_000 }, bad);
    expect(cost).toEqual({ input: 0, output: 0, cache_read: 0, reasoning: 0, cache_write: 0, total: 0 });
    const fallback = computeCost(
      { input: 1_000, cacheRead: 1_000, output: 0 },
      {
        input: 2,
        output: 8,
        cachedInput: Number.NaN,
      },
    );
    expect(fallback.cache_read).toBeCloseTo(0.002, 15); // falls back to the input rate
  });

  it('never throws on a non-object usage or price', () => {
    const zero = { input: 0, output: 0, cache_read: 0, reasoning: 0, cache_write: 0, total: 0 };
    expect(computeCost(null as unknown as TokenUsage, price)).toEqual(zero);
    expect(computeCost(undefined as unknown as TokenUsage, price)).toEqual(zero);
    expect(computeCost({ input: 10, output: 10 }, null as unknown as ModelPrice)).toEqual(zero);
    expect(computeCost('usage' as unknown as TokenUsage, 42 as unknown as ModelPrice)).toEqual(zero);
  });

  it('always returns finite, non-negative parts whose ordered sum is the total', () => {
    const count = fc.oneof(
      fc.double(),
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, Number.MAX_VALUE),
    );
    const rate = fc.oneof(
      fc.double({ min: 0, max: 1_000, noNaN: true }),
      fc.constantFrom(undefined, Number.NaN, -1),
    );
    fc.assert(
      fc.property(
        fc.record({ input: count, output: count, cacheRead: count, reasoning: count, cacheWrite: count }),
        fc.record({ input: rate, output: rate, cachedInput: rate, reasoning: rate, cacheWrite: rate }),
        (usage, p) => {
          const cost = computeCost(usage as TokenUsage, p as ModelPrice);
          for (const value of Object.values(cost)) {
            expect(Number.isFinite(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(0);
          }
          expect(cost.total).toBe(orderedSum(cost));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('computeCost with usage-based tiers (Langfuse pricing tiers)', () => {
  const price: ModelPrice = {
    input: 2,
    cachedInput: 0.2,
    output: 12,
    tiers: [
      { inputTokensAbove: 500_000, input: 8, output: 30 },
      { inputTokensAbove: 200_000, input: 4, cachedInput: 0.4, output: 18 },
    ],
  };

  it('uses the model rates up to the threshold, all input tokens counted (cache reads included)', () => {
    const at = computeCost({ input: 200_000, cacheRead: 100_000, output: 1000 }, price);
    expect(at.input).toBeCloseTo((100_000 * 2) / 1e6, 12);
    expect(at.cache_read).toBeCloseTo((100_000 * 0.2) / 1e6, 12);
  });

  it('uses the first tier whose threshold the input exceeds, in array order', () => {
    const above = computeCost({ input: 200_001, cacheRead: 100_000, output: 1000 }, price);
    expect(above.input).toBeCloseTo((100_001 * 4) / 1e6, 12);
    expect(above.cache_read).toBeCloseTo((100_000 * 0.4) / 1e6, 12);
    expect(above.output).toBeCloseTo((1000 * 18) / 1e6, 12);
    const far = computeCost({ input: 600_000, output: 1000 }, price);
    expect(far.input).toBeCloseTo((600_000 * 8) / 1e6, 12);
    // The tier's own fallbacks: no cachedInput in it, so cache reads at its input rate.
    expect(computeCost({ input: 600_000, cacheRead: 10, output: 0 }, price).cache_read).toBeCloseTo(
      (10 * 8) / 1e6,
      15,
    );
  });

  it('ignores tiers that are not an array or whose threshold is not a number', () => {
    const broken = { ...price, tiers: 'x' } as unknown as ModelPrice;
    expect(computeCost({ input: 900_000, output: 0 }, broken).input).toBeCloseTo((900_000 * 2) / 1e6, 12);
    const noThreshold = { ...price, tiers: [{ input: 99, output: 99 }] } as unknown as ModelPrice;
    expect(computeCost({ input: 900_000, output: 0 }, noThreshold).input).toBeCloseTo(
      (900_000 * 2) / 1e6,
      12,
    );
  });
});
