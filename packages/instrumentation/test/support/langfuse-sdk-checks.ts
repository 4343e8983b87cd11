import { sumSamples } from '@tradingagents/testkit';
import { beforeAll, expect, it } from 'vitest';
import { type LangfuseSdkAppRun, runLangfuseSdkApp, type StartOrder } from './langfuse-sdk-app.js';

/** Langfuse's JS SDK tracer (`@langfuse/tracing`). */
const LANGFUSE_SCOPE = 'langfuse-sdk';
const OUR_SCOPE = '@tradingagents/telemetry';

/**
 * The checks of an app traced with Langfuse's own SDK and ours (one test file per start order:
 * OpenTelemetry globals are per process).
 */
export function describeBesideLangfuseSdk(order: StartOrder): void {
  let run: LangfuseSdkAppRun;

  beforeAll(async () => {
    run = await runLangfuseSdkApp(order);
  });

  it('leaves the app’s results unchanged', () => {
    expect(run.results).toEqual({
      graph: ['report on market NVDA', 'report on news NVDA'],
      observed: 'report on observed call',
      plain: 'report on plain call',
    });
    expect(run.openRuns).toBe(0);
  });

  it('shows every LLM call once in Langfuse: from Langfuse’s SDK where it traces the call, else from us', () => {
    const generations = run.observations.filter((o) => o.type === 'generation');
    expect(run.requests).toBe(4);
    expect(generations).toHaveLength(4);
    expect(generations.filter((g) => g.scope.name === LANGFUSE_SCOPE)).toHaveLength(3);
    const ours = generations.filter((g) => g.scope.name === OUR_SCOPE);
    expect(ours).toHaveLength(1);
    // Our only generation is the call made without Langfuse's handler.
    expect(
      run.observations.filter((o) => o.scope.name === OUR_SCOPE && o.traceId !== ours[0]?.traceId),
    ).toEqual([]);
  });

  it('gives the graph run one trace (Langfuse’s), not one from each tracer', () => {
    const graphTraces = run.traces.filter((t) =>
      t.observationIds.some((id) =>
        run.observations.some(
          (o) => o.id === id && o.type === 'generation' && JSON.stringify(o.input).includes('NVDA'),
        ),
      ),
    );
    expect(graphTraces).toHaveLength(1);
    expect(graphTraces[0]?.sessionId).toBe('session-1');
    expect(run.traces).toHaveLength(3);
  });

  it('counts every LLM call once on /metrics, by agent, and the graph’s agents too', () => {
    expect(sumSamples(run.metrics, 'tradingagents_llm_requests_total', {})).toBe(4);
    expect(sumSamples(run.metrics, 'tradingagents_llm_tokens_total', { type: 'input' })).toBe(400);
    for (const agent of ['market', 'news']) {
      expect(sumSamples(run.metrics, 'tradingagents_llm_requests_total', { agent_name: agent })).toBe(1);
      expect(
        sumSamples(run.metrics, 'tradingagents_agent_executions_total', {
          agent_name: agent,
          status: 'success',
        }),
      ).toBe(1);
    }
    expect(sumSamples(run.metrics, 'tradingagents_llm_cost_usd_total', {})).toBeGreaterThan(0);
  });
}
