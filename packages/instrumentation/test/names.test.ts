import { StructuredTool, tool } from '@langchain/core/tools';
import { Annotation, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { createReactAgent, ToolNode } from '@langchain/langgraph/prebuilt';
import { createSupervisor } from '@langchain/langgraph-supervisor';
import { createHandoffTool, createSwarm } from '@langchain/langgraph-swarm';
import { ChatOpenAI } from '@langchain/openai';
import type {
  LangfuseObservation,
  MetricFamily,
  ResponderRequest,
  ScriptedReply,
} from '@tradingagents/testkit';
import { sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from './support/setup.js';

/** A class-based tool: the model sees `web_search`, LangChain's callbacks see only `SearchTool`. */
class SearchTool extends StructuredTool {
  name = 'web_search';
  description = 'Searches the web';
  schema = z.object({ query: z.string() });
  async _call({ query }: { query: string }): Promise<string> {
    return `results for ${query}`;
  }
}

const add = tool(async ({ a, b }: { a: number; b: number }) => String(a + b), {
  name: 'add',
  description: 'Adds two numbers',
  schema: z.object({ a: z.number(), b: z.number() }),
});

/** The tools a model is told to call, in order, each once per conversation; then it answers. */
const PLAN: readonly [string, Record<string, unknown>][] = [
  ['transfer_to_math_expert', {}],
  ['transfer_to_bob', {}],
  ['add', { a: 2, b: 3 }],
  ['web_search', { query: 'NVDA earnings' }],
];

function toolNames(request: ResponderRequest): string[] {
  return request.tools.map((t) => String((t as { function?: { name?: string } }).function?.name));
}

function alreadyCalled(request: ResponderRequest, name: string): boolean {
  return (request.messages ?? []).some((m) =>
    ((m as { tool_calls?: { function?: { name?: string } }[] }).tool_calls ?? []).some(
      (c) => c.function?.name === name,
    ),
  );
}

function respond(request: ResponderRequest): ScriptedReply {
  const offered = toolNames(request);
  for (const [name, args] of PLAN) {
    if (offered.includes(name) && !alreadyCalled(request, name)) {
      return { toolCalls: [{ name, arguments: args }], usage: { promptTokens: 50, completionTokens: 5 } };
    }
  }
  return { content: 'done', usage: { promptTokens: 70, completionTokens: 3 } };
}

const count = (metrics: MetricFamily[], name: string, labels: Record<string, string>) =>
  sumSamples(metrics, name, labels);

describe('agent names of prebuilt and multi-agent helpers', () => {
  let h: Harness;
  let llm: ChatOpenAI;
  let before = 0;
  let observations: LangfuseObservation[];
  let metrics: MetricFamily[];

  beforeAll(async () => {
    h = await startHarness({ server: { responder: respond } });
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

  /** Runs `fn`, then collects what it added: the new observations and the whole scrape. */
  async function run(fn: () => Promise<unknown>): Promise<void> {
    before = (await h.collect()).observations.length;
    await fn();
    expect(h.langchain.getHandler().openRuns).toBe(0);
    const collected = await h.collect();
    observations = collected.observations.slice(before);
    metrics = collected.metrics;
  }

  const agentNames = () =>
    observations
      .filter((o) => o.type === 'agent')
      .map((o) => o.name)
      .sort();
  const parentOf = (o: LangfuseObservation | undefined) =>
    observations.find((p) => p.id === o?.parentObservationId);
  const toolObservation = (name: string) =>
    observations.find((o) => o.type === 'tool' && o.attributes['gen_ai.tool.name'] === name);

  it('records createReactAgent({ name }) as that agent, its class-based tool by the name the model sees', async () => {
    const agent = createReactAgent({ llm, tools: [new SearchTool()], name: 'researcher' });
    await run(() => agent.invoke({ messages: [{ role: 'user', content: 'research NVDA' }] }));
    expect(agentNames()).toEqual(['invoke_agent researcher']);
    const search = toolObservation('web_search');
    expect(parentOf(search)?.name).toBe('invoke_agent researcher');
    for (const g of observations.filter((o) => o.type === 'generation')) {
      expect(parentOf(g)?.name).toBe('invoke_agent researcher');
    }
    expect(count(metrics, 'tradingagents_agent_executions_total', { agent_name: 'researcher' })).toBe(1);
    expect(count(metrics, 'tradingagents_llm_requests_total', { agent_name: 'researcher' })).toBe(2);
    expect(
      count(metrics, 'tradingagents_llm_tokens_total', { agent_name: 'researcher', type: 'input' }),
    ).toBe(120);
    expect(
      count(metrics, 'tradingagents_tool_calls_total', { tool: 'web_search', agent_name: 'researcher' }),
    ).toBe(1);
    for (const plumbing of ['agent', 'tools']) {
      expect(count(metrics, 'tradingagents_agent_executions_total', { agent_name: plumbing })).toBe(0);
      expect(count(metrics, 'tradingagents_llm_requests_total', { agent_name: plumbing })).toBe(0);
    }
    expect(count(metrics, 'tradingagents_tool_calls_total', { tool: 'SearchTool' })).toBe(0);
  });

  it('records a supervisor and its workers under their own names, handoffs counting for the supervisor', async () => {
    const math = createReactAgent({ llm, tools: [add], name: 'math_expert' });
    const research = createReactAgent({ llm, tools: [new SearchTool()], name: 'research_expert' });
    const app = createSupervisor({ agents: [math, research], llm }).compile();
    let answer: unknown;
    await run(async () => {
      answer = (await app.invoke({ messages: [{ role: 'user', content: 'what is 2 + 3?' }] })).messages.at(
        -1,
      )?.content;
    });
    expect(answer).toBe('done');
    expect(agentNames()).toEqual([
      'invoke_agent math_expert',
      'invoke_agent supervisor',
      'invoke_agent supervisor',
    ]);
    const agents = (name: string) =>
      count(metrics, 'tradingagents_agent_executions_total', { agent_name: name, status: 'success' });
    expect(agents('math_expert')).toBe(1);
    expect(agents('research_expert')).toBe(0);
    expect(agents('supervisor')).toBe(2);
    expect(count(metrics, 'tradingagents_llm_requests_total', { agent_name: 'supervisor' })).toBe(2);
    expect(count(metrics, 'tradingagents_llm_requests_total', { agent_name: 'math_expert' })).toBe(2);
    expect(
      count(metrics, 'tradingagents_tool_calls_total', {
        tool: 'transfer_to_math_expert',
        agent_name: 'supervisor',
      }),
    ).toBe(1);
    expect(count(metrics, 'tradingagents_tool_calls_total', { tool: 'add', agent_name: 'math_expert' })).toBe(
      1,
    );
    expect(parentOf(toolObservation('add'))?.name).toBe('invoke_agent math_expert');
    expect(count(metrics, 'tradingagents_agent_executions_total', { agent_name: 'agent' })).toBe(0);
    expect(count(metrics, 'tradingagents_agent_executions_total', { agent_name: 'tools' })).toBe(0);
  });

  it('records swarm agents under their own names, each handoff and tool for the agent that made it', async () => {
    const alice = createReactAgent({
      llm,
      tools: [add, createHandoffTool({ agentName: 'Bob' })],
      name: 'Alice',
    });
    const bob = createReactAgent({
      llm,
      tools: [add, createHandoffTool({ agentName: 'Alice' })],
      name: 'Bob',
    });
    const app = createSwarm({ agents: [alice, bob], defaultActiveAgent: 'Alice' }).compile();
    await run(() => app.invoke({ messages: [{ role: 'user', content: 'add 2 and 3' }] }));
    expect(agentNames()).toEqual(['invoke_agent Alice', 'invoke_agent Bob']);
    expect(
      count(metrics, 'tradingagents_tool_calls_total', { tool: 'transfer_to_bob', agent_name: 'Alice' }),
    ).toBe(1);
    expect(count(metrics, 'tradingagents_tool_calls_total', { tool: 'add', agent_name: 'Bob' })).toBe(1);
    expect(count(metrics, 'tradingagents_llm_requests_total', { agent_name: 'Alice' })).toBe(1);
    expect(count(metrics, 'tradingagents_llm_requests_total', { agent_name: 'Bob' })).toBe(2);
    // The handoff is a Command to the parent graph, not a failure.
    expect(observations.filter((o) => o.level === 'ERROR')).toEqual([]);
  });

  it('names a subgraph agent by its node; its ToolNode is plumbing whose tools count for it', async () => {
    const bound = llm.bindTools([add]);
    const inner = new StateGraph(MessagesAnnotation)
      .addNode('agent', async (s) => ({ messages: [await bound.invoke(s.messages)] }))
      .addNode('tools', new ToolNode([add]))
      .addEdge(START, 'agent')
      .addConditionalEdges('agent', (s) => {
        const last = s.messages.at(-1) as { tool_calls?: unknown[] };
        return last.tool_calls?.length ? 'tools' : END;
      })
      .addEdge('tools', 'agent')
      .compile();
    const outer = new StateGraph(MessagesAnnotation)
      .addNode('calculator', inner)
      .addEdge(START, 'calculator')
      .addEdge('calculator', END)
      .compile();
    await run(() => outer.invoke({ messages: [{ role: 'user', content: 'add 2 and 3' }] }));
    expect(agentNames()).toEqual(['invoke_agent calculator']);
    expect(parentOf(toolObservation('add'))?.name).toBe('invoke_agent calculator');
    expect(count(metrics, 'tradingagents_tool_calls_total', { tool: 'add', agent_name: 'calculator' })).toBe(
      1,
    );
  });

  it('in a hand-built ReAct graph, the ToolNode is not an agent and its tool counts for the agent that asked', async () => {
    const bound = llm.bindTools([new SearchTool()]);
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('analyst', async (s) => ({ messages: [await bound.invoke(s.messages)] }))
      .addNode('tools', new ToolNode([new SearchTool()]))
      .addEdge(START, 'analyst')
      .addConditionalEdges('analyst', (s) => {
        const last = s.messages.at(-1) as { tool_calls?: unknown[] };
        return last.tool_calls?.length ? 'tools' : END;
      })
      .addEdge('tools', 'analyst')
      .compile();
    await run(() => graph.invoke({ messages: [{ role: 'user', content: 'news on NVDA' }] }));
    expect(agentNames()).toEqual(['invoke_agent analyst', 'invoke_agent analyst']);
    const search = toolObservation('web_search');
    expect(parentOf(search)?.name).toBe('invoke_agent analyst');
    expect(
      count(metrics, 'tradingagents_tool_calls_total', { tool: 'web_search', agent_name: 'analyst' }),
    ).toBe(1);
  });
});

describe('a workflow graph given a name stays a workflow', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ server: { responder: respond } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('keeps each node of a named graph an agent of its own (no agent for the graph)', async () => {
    const State = Annotation.Root({ out: Annotation<string>() });
    const graph = new StateGraph(State)
      .addNode('planner', async () => ({ out: 'plan' }))
      .addNode('writer', async () => ({ out: 'text' }))
      .addEdge(START, 'planner')
      .addEdge('planner', 'writer')
      .addEdge('writer', END)
      .compile({ name: 'desk' });
    await graph.invoke({ out: '' });
    const { observations } = await h.collect();
    expect(
      observations
        .filter((o) => o.type === 'agent')
        .map((o) => o.name)
        .sort(),
    ).toEqual(['invoke_agent planner', 'invoke_agent writer']);
  });
});
