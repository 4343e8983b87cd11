import { describe, expect, it } from 'vitest';
import { emaSeries, macd, rsi, sma, volatility } from '../src/indicators.js';

describe('indicators', () => {
  const ramp = Array.from({ length: 60 }, (_, i) => 100 + i);

  it('SMA averages the last n values', () => {
    expect(sma([1, 2, 3, 4, 5], 2)).toBe(4.5);
    expect(sma([1], 2)).toBeUndefined();
  });

  it('EMA of a constant is the constant', () => {
    expect(emaSeries([5, 5, 5, 5, 5], 3)).toEqual([5, 5, 5]);
  });

  it('RSI is 100 on a steady rise, 0 on a steady fall, ~50 when alternating evenly', () => {
    expect(rsi(ramp)).toBe(100);
    expect(rsi([...ramp].reverse())).toBe(0);
    const zigzag = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 100 : 101));
    expect(rsi(zigzag)).toBeGreaterThan(45);
    expect(rsi(zigzag)).toBeLessThan(55);
  });

  it('MACD is positive on a rise and needs 26 + 9 values', () => {
    expect(macd(ramp)?.macd).toBeGreaterThan(0);
    expect(macd(ramp.slice(0, 30))).toBeUndefined();
  });

  it('volatility is 0 for a constant-growth series', () => {
    const growth = Array.from({ length: 30 }, (_, i) => 100 * 1.01 ** i);
    expect(volatility(growth)).toBeCloseTo(0, 10);
  });
});
