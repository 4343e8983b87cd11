import { describe, expect, it } from 'vitest';
import { MarketData } from '../src/data.js';
import { checkOutcome, feedbackScore, parseConfidence, parseDecision } from '../src/outcome.js';

const data = MarketData.load();

describe('parseDecision', () => {
  it.each([
    ['FINAL TRANSACTION PROPOSAL: **SELL**', 'SELL'],
    ['final transaction proposal: hold', 'HOLD'],
    ['We could BUY, but in the end we HOLD.', 'HOLD'],
    ['No view.', 'HOLD'],
  ])('%j -> %s', (text, decision) => {
    expect(parseDecision(text)).toBe(decision);
  });

  it('reads the confidence line, clamped, defaulting to 0.5', () => {
    expect(parseConfidence('Confidence: 0.72')).toBe(0.72);
    expect(parseConfidence('nothing')).toBe(0.5);
  });
});

describe('checkOutcome (5 trading days later, ±0.5% is flat)', () => {
  // Find dates with a clear rise, a clear fall and a flat week in the bundled data.
  const prices = data.ticker('SPY').prices;
  const change = (i: number) => prices[i + 5][4] / prices[i][4] - 1;
  const dateWhere = (test: (c: number) => boolean) => {
    for (let i = 60; i + 5 < prices.length; i++) if (test(change(i))) return prices[i][0];
    throw new Error('no such date');
  };
  const up = dateWhere((c) => c > 0.01);
  const down = dateWhere((c) => c < -0.01);
  const flat = dateWhere((c) => Math.abs(c) < 0.004);

  it.each([
    ['BUY', up, 'win'],
    ['BUY', down, 'loss'],
    ['BUY', flat, 'flat'],
    ['SELL', down, 'win'],
    ['SELL', up, 'loss'],
    ['SELL', flat, 'flat'],
    ['HOLD', flat, 'win'],
    ['HOLD', up, 'flat'],
  ] as const)('%s on %s is a %s', (decision, date, outcome) => {
    expect(checkOutcome(data, 'SPY', date, decision)?.outcome).toBe(outcome);
  });

  it('is unknown when the data ends before the horizon', () => {
    expect(checkOutcome(data, 'SPY', data.range('SPY').last, 'BUY')).toBeUndefined();
  });

  it('feedback is in 0..1 and rewards confident wins', () => {
    expect(feedbackScore('win', 0.9)).toBeCloseTo(0.96);
    expect(feedbackScore('loss', 0.9)).toBeCloseTo(0.04);
    expect(feedbackScore('flat', 0.9)).toBe(0.5);
    expect(feedbackScore(undefined, 0.1)).toBe(0.5);
  });
});

describe('bundled data', () => {
  it('has a few hundred weekdays of bars and news for every ticker, and stays small', () => {
    for (const ticker of ['NVDA', 'AAPL', 'MSFT', 'TSLA', 'SPY']) {
      const info = data.ticker(ticker);
      expect(info.prices.length).toBeGreaterThan(250);
      expect(info.news.length).toBeGreaterThan(50);
      for (const [, open, high, low, close] of info.prices) {
        expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
        expect(low).toBeLessThanOrEqual(Math.min(open, close));
      }
    }
  });

  it('resolves a weekend to the previous trading day', () => {
    expect(data.tradingDay('NVDA', '2024-11-17')).toBe('2024-11-15');
  });
});
