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

  it('runs ai-sdk and openai-agents on Node >= 22 only, with a usage error naming the reason below it', () => {
    for (const provider of ['ai-sdk', 'openai-agents']) {
      expect(parseCli(['--provider', provider], {}, '22.12.0')).toMatchObject({
        provider,
        model: 'gpt-4o-mini',
      });
      expect(parseCli(['--provider', provider], { OPENAI_MODEL: 'gpt-4.1-mini' }, '24.0.0')).toMatchObject({
        model: 'gpt-4.1-mini',
      });
      expect(() => parseCli(['--provider', provider], {}, '20.20.2')).toThrow(
        new UsageError(
          `--provider ${provider} needs Node >= 22 (${provider === 'ai-sdk' ? 'the Vercel AI SDK (ai 7)' : 'the OpenAI Agents SDK (openai 7)'} requires it); this is Node 20.20.2. Use --provider openai, anthropic or google, or run on Node 22 or 24`,
        ),
      );
    }
    expect(parseCli(['--provider', 'openai'], {}, '20.20.2')).toMatchObject({ provider: 'openai' });
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
