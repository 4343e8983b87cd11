import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../src/cli.js';
import { histogramQuantile } from '../src/metrics.js';

describe('parseCli', () => {
  it('has offline, fast defaults', () => {
    expect(parseCli([], {})).toMatchObject({
      tickers: ['NVDA', 'AAPL', 'MSFT'],
      date: '2024-09-13',
      concurrency: 2,
      rounds: 1,
      once: false,
      metricsPort: undefined,
      model: 'gpt-4o-mini',
      failRate: 0,
    });
  });

  it('prefers flags over env vars over defaults', () => {
    const env = {
      TRADINGAGENTS_DEMO_FAIL_RATE: '0.5',
      OPENAI_MODEL: 'gpt-4.1-mini',
      TRADINGAGENTS_DEMO_TICKERS: 'spy',
    };
    expect(parseCli([], env)).toMatchObject({ failRate: 0.5, model: 'gpt-4.1-mini', tickers: ['SPY'] });
    expect(parseCli(['--fail-rate', '0', '--tickers', 'tsla, nvda'], env)).toMatchObject({
      failRate: 0,
      tickers: ['TSLA', 'NVDA'],
    });
  });

  it('returns undefined for --help and throws UsageError for bad input', () => {
    expect(parseCli(['-h'], {})).toBeUndefined();
    expect(() => parseCli(['--rounds', '0'], {})).toThrow(UsageError);
    expect(() => parseCli(['--metrics-port', '70000'], {})).toThrow(UsageError);
    expect(() => parseCli(['extra'], {})).toThrow(/unexpected argument/);
    expect(() => parseCli(['--date', '2024-13-45'], {})).toThrow(UsageError);
  });
});

describe('histogramQuantile', () => {
  const bucket = (le: string, value: number) => ({
    name: 'd_bucket',
    labels: { le, agent_name: 'a' },
    value,
  });
  const families = [
    {
      name: 'd',
      type: 'histogram' as const,
      help: '',
      samples: [bucket('0.1', 0), bucket('0.5', 50), bucket('1', 100), bucket('+Inf', 100)],
    },
  ];

  it('interpolates within the bucket like PromQL', () => {
    expect(histogramQuantile(families, 'd', 0.5, { agent_name: 'a' })).toBeCloseTo(0.5);
    expect(histogramQuantile(families, 'd', 0.95, { agent_name: 'a' })).toBeCloseTo(0.95);
    expect(histogramQuantile(families, 'd', 0.95, { agent_name: 'b' })).toBeUndefined();
  });
});
