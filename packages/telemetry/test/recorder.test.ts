import { parsePrometheusText, sumSamples } from '@tradingagents/testkit';
import { describe, expect, it } from 'vitest';
import { TOKEN_TYPES } from '../src/catalogue.js';
import { createMetricsPipeline } from '../src/pipelines/metrics-pipeline.js';
import { PrometheusTextSerializer } from '../src/prometheus-text.js';

const CARDINALITY = { maxTickers: 2, maxModels: 2, maxAgents: 2, maxTools: 2 };

function recording() {
  const pipeline = createMetricsPipeline({
    metrics: { enabled: true },
    otlp: false,
    cardinality: CARDINALITY,
  });
  const serializer = new PrometheusTextSerializer();
  return {
    recorder: pipeline.recorder,
    scrape: async () => {
      const { resourceMetrics } = await (
        pipeline.prometheus as NonNullable<typeof pipeline.prometheus>
      ).collect();
      return parsePrometheusText(serializer.serialize(resourceMetrics));
    },
  };
}

const call = (model: string, agentName: string | undefined, usage: object, ok = true) => ({
  model,
  agentName,
  provider: 'openai',
  operation: 'chat',
  ok,
  errorType: ok ? undefined : 'Error',
  durationSeconds: 0.5,
  usage: { input: 0, output: 0, ...usage },
  costUsd: 0.01,
});

describe('MetricsRecorder', () => {
  it('counts each token type of the vocabulary, and the GenAI token histogram for input and output', async () => {
    const { recorder, scrape } = recording();
    recorder.llmCallEnded(
      call('m', 'a', { input: 10, output: 4, cacheRead: 3, cacheWrite: 2, reasoning: 1 }),
    );
    const metrics = await scrape();
    const byType = TOKEN_TYPES.map((type) => sumSamples(metrics, 'tradingagents_llm_tokens_total', { type }));
    expect(Object.fromEntries(TOKEN_TYPES.map((type, i) => [type, byType[i]]))).toEqual({
      input: 10,
      output: 4,
      cache_read: 3,
      reasoning: 1,
      cache_write: 2,
    });
    expect(sumSamples(metrics, 'gen_ai_client_token_usage_sum', { gen_ai_token_type: 'input' })).toBe(10);
  });

  it('records bad numbers as 0 and never throws', async () => {
    const { recorder, scrape } = recording();
    recorder.llmCallEnded(call('m', undefined, { input: Number.NaN, output: -5, cacheRead: Infinity }));
    recorder.analysisEnded('T', true, Number.NaN, -1);
    recorder.setQueueLength(Number.POSITIVE_INFINITY);
    const metrics = await scrape();
    expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { type: 'input', agent_name: 'none' })).toBe(
      0,
    );
    expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { type: 'cache_read' })).toBe(0);
    expect(sumSamples(metrics, 'tradingagents_analysis_duration_seconds_sum')).toBe(0);
    expect(sumSamples(metrics, 'tradingagents_analysis_queue_length')).toBe(0);
  });

  it('folds label values past a bound into __other__ and counts the overflow by label', async () => {
    const { recorder, scrape } = recording();
    for (const ticker of ['A', 'B', 'C', 'D']) recorder.analysisEnded(ticker, true, 1, 0);
    const metrics = await scrape();
    expect(sumSamples(metrics, 'tradingagents_analyses_total', { ticker: '__other__' })).toBe(2);
    expect(sumSamples(metrics, 'tradingagents_telemetry_label_overflow_total', { label: 'ticker' })).toBe(2);
  });

  it('folds decisions and outcomes outside their closed sets', async () => {
    const { recorder, scrape } = recording();
    recorder.tradeDecision(' buy ');
    recorder.tradeDecision('short');
    recorder.tradeOutcome('WIN');
    recorder.tradeOutcome(undefined);
    const metrics = await scrape();
    expect(sumSamples(metrics, 'tradingagents_trade_decisions_total', { decision: 'BUY' })).toBe(1);
    expect(sumSamples(metrics, 'tradingagents_trade_decisions_total', { decision: 'OTHER' })).toBe(1);
    expect(sumSamples(metrics, 'tradingagents_trade_outcomes_total', { outcome: 'win' })).toBe(1);
    expect(sumSamples(metrics, 'tradingagents_trade_outcomes_total', { outcome: 'other' })).toBe(1);
  });
});
