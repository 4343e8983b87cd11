import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { trackAnalysis } from '@tradingagents/telemetry';
import { sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, numberAttr, startHarness } from './support/setup.js';

const State = Annotation.Root({
  ticker: Annotation<string>(),
  reports: Annotation<string[]>({ reducer: (a, b) => [...(a ?? []), ...b], default: () => [] }),
  decision: Annotation<string>(),
});

describe('LangGraph: two analysts in parallel, then a trader', () => {
  let h: Harness;
  let decision: string;

  beforeAll(async () => {
    h = await startHarness({
      // Exact usage per agent, with cached and reasoning tokens, so the metrics can be checked exactly.
      server: {
        responder: (request) => {
          const text = request.lastUserMessage;
          if (text.includes('market'))
            return {
              content: 'Momentum is strong.',
              usage: { promptTokens: 120, completionTokens: 30, cachedTokens: 20 },
            };
          if (text.includes('news'))
            return {
              content: 'News is neutral.',
              usage: { promptTokens: 200, completionTokens: 50, reasoningTokens: 10 },
            };
          return { content: 'BUY', usage: { promptTokens: 400, completionTokens: 5 } };
        },
      },
      langchain: { agentNames: { market: 'market_analyst', news: 'news_analyst' } },
    });
    const llm = (streaming: boolean) =>
      new ChatOpenAI({
        model: 'gpt-4o-mini',
        apiKey: 'test',
        configuration: { baseURL: h.openai.url },
        maxRetries: 0,
        streaming,
      });
    const graph = new StateGraph(State)
      .addNode('market', async (s) => ({
        reports: [String((await llm(false).invoke(`market report for ${s.ticker}`)).content)],
      }))
      // Streamed: usage comes from the last chunk (`stream_options.include_usage`).
      .addNode('news', async (s) => {
        let text = '';
        for await (const chunk of await llm(true).stream(`news report for ${s.ticker}`))
          text += String(chunk.content);
        return { reports: [text] };
      })
      .addNode('trader', async (s) => ({
        decision: String((await llm(false).invoke(`decide on ${s.reports.join(' ')}`)).content),
      }))
      .addEdge(START, 'market')
      .addEdge(START, 'news')
      .addEdge('market', 'trader')
      .addEdge('news', 'trader')
      .addEdge('trader', END)
      .compile();
    decision = await trackAnalysis(
      { ticker: 'NVDA' },
      async () => (await graph.invoke({ ticker: 'NVDA' })).decision,
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  it('returns the graph result unchanged', () => {
    expect(decision).toBe('BUY');
    expect(h.langchain.getHandler().openRuns).toBe(0);
  });

  it('records three agent executions with the configured names, under the analysis', async () => {
    const { observations, metrics } = await h.collect();
    const agents = observations.filter((o) => o.type === 'agent');
    expect(agents.map((a) => a.name).sort()).toEqual([
      'invoke_agent market_analyst',
      'invoke_agent news_analyst',
      'invoke_agent trader',
    ]);
    const analysis = observations.find((o) => o.name === 'analysis NVDA');
    for (const agent of agents) expect(agent.parentObservationId).toBe(analysis?.id);
    for (const name of ['market_analyst', 'news_analyst', 'trader']) {
      expect(
        sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: name, status: 'success' }),
      ).toBe(1);
    }
    expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: '__start__' })).toBe(0);
  });

  it('parents each generation under its own agent, one generation per model call (no SDK duplicate)', async () => {
    const { observations } = await h.collect();
    const generations = observations.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(3);
    expect(h.openai.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(3);
    const byId = new Map(observations.map((o) => [o.id, o]));
    const parentName = (o: (typeof observations)[number]) => byId.get(o.parentObservationId ?? '')?.name;
    const byAgent = Object.fromEntries(
      generations.map((g) => [g.attributes['gen_ai.agent.name'], parentName(g)]),
    );
    expect(byAgent).toEqual({
      market_analyst: 'invoke_agent market_analyst',
      news_analyst: 'invoke_agent news_analyst',
      trader: 'invoke_agent trader',
    });
  });

  it('records exact usage (streamed included), cached and reasoning tokens, and cost per agent, equal in /metrics and on the Langfuse spans', async () => {
    const { observations, metrics } = await h.collect();
    const generations = observations.filter((o) => o.type === 'generation');
    const expected: Record<string, { input: number; output: number; cacheRead: number; reasoning: number }> =
      {
        market_analyst: { input: 120, output: 30, cacheRead: 20, reasoning: 0 },
        news_analyst: { input: 200, output: 50, cacheRead: 0, reasoning: 10 },
        trader: { input: 400, output: 5, cacheRead: 0, reasoning: 0 },
      };
    for (const g of generations) {
      const agent = String(g.attributes['gen_ai.agent.name']);
      const want = expected[agent];
      expect(want, agent).toBeDefined();
      expect(g.model).toBe('gpt-4o-mini');
      expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(want?.input);
      expect(numberAttr(g, 'gen_ai.usage.output_tokens')).toBe(want?.output);
      expect(numberAttr(g, 'gen_ai.usage.cache_read.input_tokens')).toBe(want?.cacheRead);
      expect(numberAttr(g, 'gen_ai.usage.reasoning.output_tokens')).toBe(want?.reasoning);
      const labels = { agent_name: agent, model: 'gpt-4o-mini' };
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'input' })).toBe(
        want?.input,
      );
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'output' })).toBe(
        want?.output,
      );
      const cost = numberAttr(g, 'gen_ai.usage.cost');
      expect(cost).toBeGreaterThan(0);
      expect(g.costDetails.total).toBeCloseTo(cost, 12);
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', labels)).toBeCloseTo(cost, 12);
    }
    expect(
      sumSamples(metrics, 'tradingagents_llm_tokens_total', {
        agent_name: 'market_analyst',
        type: 'cache_read',
      }),
    ).toBe(20);
    expect(
      sumSamples(metrics, 'tradingagents_llm_tokens_total', {
        agent_name: 'news_analyst',
        type: 'reasoning',
      }),
    ).toBe(10);
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', {})).toBe(3);
  });
});
