import { SpanStatusCode } from '@opentelemetry/api';
import { captureDiag, sumSamples } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSpanScope } from '../../src/scopes/agent-scope.js';
import { AnalysisSpanScope } from '../../src/scopes/analysis-scope.js';
import { GenerationSpanScope } from '../../src/scopes/generation-scope.js';
import { WorkflowSpanScope } from '../../src/scopes/workflow-scope.js';
import { hasSample, scopeHarness } from './harness.js';

describe('GenerationSpanScope', () => {
  let h = scopeHarness();
  let logs: ReturnType<typeof captureDiag> | undefined;
  afterEach(async () => {
    logs?.restore();
    logs = undefined;
    await h.shutdown();
    h = scopeHarness();
  });

  it('puts usage and cost on the span with each token part under its own Langfuse key', async () => {
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'claude-sonnet-4-5', provider: 'anthropic' },
      { parentContext: h.root },
    );
    // Anthropic reports cache reads and writes beside input_tokens.
    generation.setUsage({
      input_tokens: 100,
      output_tokens: 50,
      cache_read_input_tokens: 400,
      cache_creation_input_tokens: 200,
    });
    generation.end();
    const attributes = h.span('chat claude-sonnet-4-5').attributes;
    expect(attributes['gen_ai.usage.input_tokens']).toBe(700);
    expect(attributes['gen_ai.usage.cache_read.input_tokens']).toBe(400);
    const usage = JSON.parse(String(attributes['langfuse.observation.usage_details']));
    expect(usage).toEqual({
      input: 100,
      output: 50,
      total: 750,
      input_cached_tokens: 400,
      input_cache_creation: 200,
    });
    const cost = JSON.parse(String(attributes['langfuse.observation.cost_details']));
    expect(Object.keys(cost)).toEqual([
      'input',
      'output',
      'total',
      'input_cached_tokens',
      'input_cache_creation',
    ]);
    expect(cost.input + cost.output + cost.input_cached_tokens + cost.input_cache_creation).toBeCloseTo(
      cost.total,
      12,
    );
    expect(attributes['gen_ai.usage.cost']).toBe(cost.total);
    expect(generation.costUsd).toBe(cost.total);
  });

  it('sends Langfuse integer token counts only, with a total that is the sum of its parts', () => {
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'gpt-4o-mini' },
      { parentContext: h.root },
    );
    generation.setUsage({ input: 10.6, output: 2.2, cacheRead: 3.4 });
    generation.end();
    const usage = JSON.parse(
      String(h.span('chat gpt-4o-mini').attributes['langfuse.observation.usage_details']),
    );
    expect(usage).toEqual({ input: 8, output: 2, total: 13, input_cached_tokens: 3 });
    expect(Object.values(usage).every((n) => Number.isInteger(n))).toBe(true);
  });

  it('counts every token type on /metrics, cache writes as their own type', async () => {
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'gpt-4o-mini' },
      { parentContext: h.root },
    );
    generation.setUsage({ input: 1000, output: 300, cacheRead: 600, cacheWrite: 100, reasoning: 120 });
    generation.end();
    const metrics = await h.scrape();
    const tokens = (type: string) => sumSamples(metrics, 'tradingagents_llm_tokens_total', { type });
    expect([
      tokens('input'),
      tokens('output'),
      tokens('cache_read'),
      tokens('cache_write'),
      tokens('reasoning'),
    ]).toEqual([1000, 300, 600, 100, 120]);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', {
        model: 'gpt-4o-mini',
        agent_name: 'none',
        status: 'success',
      }),
    ).toBe(1);
  });

  it('creates no series for a token part that never occurred', async () => {
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'gpt-4o-mini' },
      { parentContext: h.root },
    );
    generation.setUsage({ prompt_tokens: 10, completion_tokens: 5 });
    generation.end();
    const metrics = await h.scrape();
    expect(hasSample(metrics, 'tradingagents_llm_tokens_total', { type: 'input' })).toBe(true);
    expect(hasSample(metrics, 'tradingagents_llm_tokens_total', { type: 'cache_write' })).toBe(false);
  });

  it('adds its cost to the enclosing analysis and every enclosing workflow run, under the agent', async () => {
    const analysis = new AnalysisSpanScope(h.runtime, { ticker: 'NVDA' }, { parentContext: h.root });
    const outer = new WorkflowSpanScope(h.runtime, 'outer', { parentContext: analysis.context });
    const inner = new WorkflowSpanScope(h.runtime, 'inner', { parentContext: outer.context });
    const agent = new AgentSpanScope(h.runtime, 'market_analyst', { parentContext: inner.context });
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'gpt-4o-mini' },
      { parentContext: agent.context },
    );
    generation.setUsage({ input: 1_000_000, output: 0 });
    generation.end();
    for (const scope of [agent, inner, outer, analysis]) scope.end();
    expect(generation.costUsd).toBeGreaterThan(0);
    expect([analysis.costUsd, outer.costUsd, inner.costUsd]).toEqual([
      generation.costUsd,
      generation.costUsd,
      generation.costUsd,
    ]);
    expect(h.span('chat gpt-4o-mini').attributes['gen_ai.agent.name']).toBe('market_analyst');
    const metrics = await h.scrape();
    expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: 'market_analyst' })).toBe(
      generation.costUsd,
    );
  });

  it('prices the served snapshot first, and an unknown model as 0 with one warning', async () => {
    logs = captureDiag();
    for (let i = 0; i < 3; i++) {
      const generation = new GenerationSpanScope(
        h.runtime,
        { model: 'my-private-model' },
        { parentContext: h.root },
      );
      generation.setUsage({ input: 10, output: 10 });
      generation.end();
      expect(generation.costUsd).toBe(0);
    }
    expect(logs.text().match(/no price for model "my-private-model"/g)).toHaveLength(1);
    // No cost at all for Langfuse (it would take 0 as authoritative), counted apart on /metrics.
    const unpriced = h.spans().filter((s) => s.name === 'chat my-private-model');
    for (const span of unpriced) {
      expect(span.attributes['langfuse.observation.cost_details']).toBeUndefined();
      expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
      expect(JSON.parse(String(span.attributes['langfuse.observation.usage_details']))).toEqual({
        input: 10,
        output: 10,
        total: 20,
      });
    }
    expect(
      sumSamples(await h.scrape(), 'tradingagents_llm_unpriced_requests_total', {
        model: 'my-private-model',
      }),
    ).toBe(3);
    const served = new GenerationSpanScope(h.runtime, { model: 'my-alias' }, { parentContext: h.root });
    served.setResponse({ model: 'gpt-4o-mini-2024-07-18', id: 'chatcmpl-1', finishReasons: ['stop'] });
    served.setUsage({ input: 1_000_000, output: 0 });
    served.end();
    expect(served.costUsd).toBeGreaterThan(0);
    expect(h.span('chat my-alias').attributes['langfuse.observation.model.name']).toBe(
      'gpt-4o-mini-2024-07-18',
    );
  });

  it('ends once, records the error type and status, and keeps the usage reported before it failed', async () => {
    const generation = new GenerationSpanScope(
      h.runtime,
      { model: 'gpt-4o-mini' },
      { parentContext: h.root },
    );
    generation.setUsage({ input: 5, output: 0 });
    const { end } = generation; // instrumentations pass `end` on its own
    end(new RangeError('rate limited'));
    end();
    expect(h.spans()).toHaveLength(1);
    const span = h.span('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RangeError');
    const metrics = await h.scrape();
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { status: 'error' })).toBe(1);
    expect(sumSamples(metrics, 'gen_ai_client_operation_duration_count', { error_type: 'RangeError' })).toBe(
      1,
    );
    expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { type: 'input' })).toBe(5);
  });
});
