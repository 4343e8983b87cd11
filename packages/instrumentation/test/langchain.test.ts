import * as callbackManagerModule from '@langchain/core/callbacks/manager';
import * as chatModelsModule from '@langchain/core/language_models/chat_models';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { trackAnalysis } from '@tradingagents/telemetry';
import { sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HANDLER_NAME } from '../src/langchain/handler.js';
import { type Harness, numberAttr, startHarness } from './support/setup.js';

const State = Annotation.Root({ ticker: Annotation<string>(), out: Annotation<string>() });

const getPrice = tool(async ({ ticker }: { ticker: string }) => `${ticker}: 123.45`, {
  name: 'get_price',
  description: 'Latest price',
  schema: z.object({ ticker: z.string() }),
});
const brokenTool = tool(
  async () => {
    throw new Error('feed down');
  },
  { name: 'get_news', description: 'News', schema: z.object({ ticker: z.string() }) },
);

describe('LangChain: tools, errors, content capture, agent-name mapping', () => {
  let h: Harness;
  let llm: ChatOpenAI;

  beforeAll(async () => {
    h = await startHarness({
      server: { responder: () => ({ content: 'ok', usage: { promptTokens: 10, completionTokens: 2 } }) },
      telemetry: { content: { capture: true } },
      langchain: {
        agentNames: ({ node }) => {
          if (node === 'explode') throw new Error('mapper bug');
          return node.startsWith('risk_') ? 'risk_team' : undefined;
        },
        skipNodes: ['router'],
      },
    });
    llm = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test',
      configuration: { baseURL: h.openai.url },
      maxRetries: 0,
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('records tool runs as execute_tool spans under their agent, with tool metrics (errors too)', async () => {
    const graph = new StateGraph(State)
      .addNode('market', async (s) => {
        const price = await getPrice.invoke({ ticker: s.ticker });
        await brokenTool.invoke({ ticker: s.ticker }).catch(() => undefined);
        return { out: String(price) };
      })
      .addEdge(START, 'market')
      .addEdge('market', END)
      .compile();
    const result = await trackAnalysis({ ticker: 'AAPL' }, () => graph.invoke({ ticker: 'AAPL' }));
    expect(result.out).toBe('AAPL: 123.45');
    const { observations, metrics } = await h.collect();
    const agent = observations.find((o) => o.name === 'invoke_agent market');
    const tools = observations.filter((o) => o.type === 'tool');
    const toolName = (t: (typeof tools)[number]) => t.attributes['gen_ai.tool.name'];
    expect(tools.map(toolName).sort()).toEqual(['get_news', 'get_price']);
    for (const t of tools) expect(t.parentObservationId).toBe(agent?.id);
    expect(tools.find((t) => toolName(t) === 'get_news')?.level).toBe('ERROR');
    expect(tools.find((t) => toolName(t) === 'get_price')?.output).toBe('AAPL: 123.45');
    expect(
      sumSamples(metrics, 'tradingagents_tool_calls_total', {
        tool: 'get_price',
        agent_name: 'market',
        status: 'success',
      }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_tool_calls_total', {
        tool: 'get_news',
        agent_name: 'market',
        status: 'error',
      }),
    ).toBe(1);
  });

  it('nests model and tool runs made inside inner chains under their own agent, in parallel branches too', async () => {
    // Each node runs a RunnableLambda that runs another one: chain runs with no scope of their own,
    // between the node and its model/tool runs.
    const inner = (topic: string) =>
      RunnableLambda.from(async (ticker: string) =>
        RunnableLambda.from(async (t: string) => {
          await getPrice.invoke({ ticker: t });
          return String((await llm.invoke(`${topic} ${t}`)).content);
        }).invoke(ticker),
      );
    const graph = new StateGraph(State)
      .addNode('left', async (s) => ({ out: await inner('left').invoke(s.ticker) }))
      // Parallel branches may not both write the single-value `out` channel.
      .addNode('right', async (s) => {
        await inner('right').invoke(s.ticker);
        return {};
      })
      .addEdge(START, 'left')
      .addEdge(START, 'right')
      .addEdge('left', END)
      .addEdge('right', END)
      .compile();
    const before = (await h.collect()).observations.length;
    await trackAnalysis({ ticker: 'NFLX' }, () => graph.invoke({ ticker: 'NFLX' }));
    expect(h.langchain.getHandler().openRuns).toBe(0);
    const observations = (await h.collect()).observations.slice(before);
    const byId = new Map(observations.map((o) => [o.id, o]));
    for (const side of ['left', 'right']) {
      const agents = observations.filter((o) => o.name === `invoke_agent ${side}`);
      expect(agents, side).toHaveLength(1);
      const agent = agents[0];
      const children = observations.filter((o) => o.parentObservationId === agent?.id);
      expect(children.map((o) => o.type).sort(), side).toEqual(['generation', 'tool']);
      expect(JSON.stringify(children.find((o) => o.type === 'generation')?.input)).toContain(side);
      expect(byId.get(agent?.parentObservationId ?? '')?.name).toBe('analysis NFLX');
    }
  });

  it('captures messages when content capture is on', async () => {
    await llm.invoke([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Price of MSFT?' },
    ]);
    const { observations } = await h.collect();
    const g = observations.filter((o) => o.type === 'generation').at(-1);
    expect(JSON.stringify(g?.input)).toContain('Price of MSFT?');
    expect(JSON.stringify(g?.output)).toContain('ok');
  });

  it('maps, groups and skips nodes through the agentNames function and skipNodes', async () => {
    const graph = new StateGraph(State)
      .addNode('router', async () => ({}))
      .addNode('risk_aggressive', async () => ({
        out: String((await llm.invoke('aggressive view')).content),
      }))
      .addNode('risk_safe', async () => ({ out: String((await llm.invoke('safe view')).content) }))
      .addEdge(START, 'router')
      .addEdge('router', 'risk_aggressive')
      .addEdge('risk_aggressive', 'risk_safe')
      .addEdge('risk_safe', END)
      .compile();
    await trackAnalysis({ ticker: 'TSLA' }, () => graph.invoke({ ticker: 'TSLA' }));
    const { observations, metrics } = await h.collect();
    expect(observations.some((o) => o.name === 'invoke_agent router')).toBe(false);
    expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'risk_team' })).toBe(2);
    expect(
      sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: 'risk_team', type: 'input' }),
    ).toBe(20);
  });

  it('turns a failed model call into an error generation, an error agent and error counts; the graph throws the same error', async () => {
    h.openai.setFault({ status: 429 });
    const graph = new StateGraph(State)
      .addNode('trader', async () => ({ out: String((await llm.invoke('decide')).content) }))
      .addEdge(START, 'trader')
      .addEdge('trader', END)
      .compile();
    const error = await trackAnalysis({ ticker: 'AMD' }, () => graph.invoke({ ticker: 'AMD' })).catch(
      (e: unknown) => e,
    );
    h.openai.setFault(undefined);
    expect((error as { status?: number }).status).toBe(429);
    const { observations, metrics } = await h.collect();
    const agent = observations.find((o) => o.name === 'invoke_agent trader');
    expect(agent?.level).toBe('ERROR');
    const g = observations.find((o) => o.type === 'generation' && o.parentObservationId === agent?.id);
    expect(g?.level).toBe('ERROR');
    expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(0);
    expect(
      sumSamples(metrics, 'tradingagents_agent_executions_total', {
        agent_name: 'trader',
        status: 'error',
      }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'trader', status: 'error' }),
    ).toBe(1);
    expect(h.langchain.getHandler().openRuns).toBe(0);
  });

  it('opens a root chain span for a graph run outside any span, so its agents share one trace', async () => {
    const graph = new StateGraph(State)
      .addNode('a', async () => ({ out: String((await llm.invoke('a')).content) }))
      .addNode('b', async () => ({ out: String((await llm.invoke('b')).content) }))
      .addEdge(START, 'a')
      .addEdge('a', 'b')
      .addEdge('b', END)
      .compile({ name: 'desk' });
    await graph.invoke({ ticker: 'X' });
    const { observations } = await h.collect();
    const root = observations.filter((o) => o.name === 'desk').at(-1);
    expect(root?.type).toBe('chain');
    const agents = observations.filter((o) => o.name === 'invoke_agent a' || o.name === 'invoke_agent b');
    expect(agents).toHaveLength(2);
    for (const agent of agents) {
      expect(agent.traceId).toBe(root?.traceId);
      expect(agent.parentObservationId).toBe(root?.id);
    }
  });

  it('adds its handler once, however often it is patched or passed in', async () => {
    h.langchain.manuallyInstrument({ callbackManager: callbackManagerModule, chatModels: chatModelsModule });
    h.langchain.manuallyInstrument({ callbackManager: callbackManagerModule, chatModels: chatModelsModule });
    const manager = callbackManagerModule.CallbackManager.configure([h.langchain.getHandler()]);
    expect(manager?.handlers.filter((x) => x.name === HANDLER_NAME)).toHaveLength(1);
    const before = (await h.collect()).observations.length;
    await llm.invoke('once');
    const { observations } = await h.collect();
    expect(observations.slice(before).filter((o) => o.type === 'generation')).toHaveLength(1);
  });

  it('ends a streamed generation when the consumer stops early, with the usage seen', async () => {
    const streaming = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test',
      configuration: { baseURL: h.openai.url },
      maxRetries: 0,
      streaming: true,
    });
    const before = (await h.collect()).observations.length;
    for await (const _chunk of await streaming.stream('stop early')) break;
    expect(h.langchain.getHandler().openRuns).toBe(0);
    const { observations } = await h.collect();
    const generations = observations.slice(before).filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(1);
    expect(generations[0]?.level).not.toBe('ERROR');
  });

  it('keeps a throwing agentNames mapper away from the graph (the node keeps its own name)', async () => {
    const graph = new StateGraph(State)
      .addNode('explode', async () => ({ out: 'fine' }))
      .addEdge(START, 'explode')
      .addEdge('explode', END)
      .compile();
    expect((await graph.invoke({ ticker: 'X' })).out).toBe('fine');
    const { metrics } = await h.collect();
    expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'explode' })).toBe(1);
  });
});
