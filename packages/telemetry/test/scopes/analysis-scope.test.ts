import { SpanStatusCode } from '@opentelemetry/api';
import { sumSamples } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisSpanScope } from '../../src/scopes/analysis-scope.js';
import { GenerationSpanScope } from '../../src/scopes/generation-scope.js';
import { scopeHarness } from './harness.js';

describe('AnalysisSpanScope', () => {
  let h = scopeHarness({ content: { capture: true } });
  afterEach(async () => {
    await h.shutdown();
    h = scopeHarness({ content: { capture: true } });
  });

  it('names the Langfuse trace and copies the trace-level attributes onto its span', () => {
    const analysis = new AnalysisSpanScope(
      h.runtime,
      {
        ticker: 'NVDA',
        tradeDate: '2026-11-20',
        sessionId: 's-1',
        userId: 'u-1',
        tags: ['eod'],
        metadata: { desk: 'a' },
      },
      { parentContext: h.root },
    );
    analysis.setOutput({ decision: 'BUY' });
    analysis.setDecision('buy ');
    analysis.end();
    const { attributes, name } = h.span('analysis NVDA');
    expect(name).toBe('analysis NVDA');
    expect(attributes).toMatchObject({
      'langfuse.trace.name': 'analysis NVDA',
      'langfuse.session.id': 's-1',
      'session.id': 's-1',
      'langfuse.user.id': 'u-1',
      'langfuse.trace.tags': ['eod'],
      'langfuse.observation.type': 'chain',
      'tradingagents.ticker': 'NVDA',
      'tradingagents.trade_date': '2026-11-20',
      'langfuse.trace.metadata.ticker': 'NVDA',
      'langfuse.trace.metadata.desk': 'a',
      'langfuse.trace.output': '{"decision":"BUY"}',
      // Langfuse's events-only write path reads input/output from observations, not the trace keys.
      'langfuse.observation.output': '{"decision":"BUY"}',
      'langfuse.observation.input': '{"ticker":"NVDA","tradeDate":"2026-11-20","metadata":{"desk":"a"}}',
      'langfuse.trace.input': '{"ticker":"NVDA","tradeDate":"2026-11-20","metadata":{"desk":"a"}}',
      'tradingagents.decision': 'buy ',
    });
  });

  it('captures no input or output when content capture is off', async () => {
    const off = scopeHarness();
    const analysis = new AnalysisSpanScope(off.runtime, { ticker: 'NVDA' }, { parentContext: off.root });
    analysis.setOutput('BUY');
    analysis.end();
    const keys = Object.keys(off.span('analysis NVDA').attributes);
    expect(keys.filter((k) => k.endsWith('.input') || k.endsWith('.output'))).toEqual([]);
    await off.shutdown();
  });

  it('records the active gauge while it runs, then the count, duration and cost by status', async () => {
    const analysis = new AnalysisSpanScope(h.runtime, { ticker: 'AAPL' }, { parentContext: h.root });
    expect(sumSamples(await h.scrape(), 'tradingagents_active_analyses')).toBe(1);
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'gpt-4o-mini' },
      { parentContext: analysis.context },
    );
    generation.setUsage({ input: 1_000_000, output: 0 });
    generation.end();
    analysis.end(new Error('provider down'));
    analysis.end();
    const metrics = await h.scrape();
    expect(sumSamples(metrics, 'tradingagents_active_analyses')).toBe(0);
    expect(sumSamples(metrics, 'tradingagents_analyses_total', { ticker: 'AAPL', status: 'error' })).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_analysis_duration_seconds_count', {
        ticker: 'AAPL',
        status: 'error',
      }),
    ).toBe(1);
    expect(sumSamples(metrics, 'tradingagents_analysis_cost_usd_sum')).toBe(generation.costUsd);
    expect(sumSamples(metrics, 'tradingagents_trade_decisions_total')).toBe(0);
    const span = h.span('analysis AAPL');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'provider down' });
    expect(span.attributes['tradingagents.analysis.cost_usd']).toBe(generation.costUsd);
  });

  it('survives hostile input: a non-string ticker and name, a thrown value it cannot read', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const analysis = new AnalysisSpanScope(
      h.runtime,
      { ticker: 42 as never, name: {} as never },
      { parentContext: h.root },
    );
    analysis.end(revoked.proxy);
    const span = h.span('analysis 42');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});
