import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { captureDiag, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentNameResolver } from '../src/langchain/agent-names.js';
import { parseAgentNames, resolveNaming } from '../src/langchain/config.js';
import { LangChainInstrumentation } from '../src/langchain/instrumentation.js';
import { type Harness, startHarness } from './support/setup.js';

const info = (node: string) => () => ({ node, runName: node, metadata: {}, tags: [] });

describe('node → agent mapping: option > env > default', () => {
  it('parses TRADINGAGENTS_AGENT_NAMES: rename, group, "-" skips; a malformed entry warns once and is ignored', () => {
    const diag = captureDiag();
    try {
      expect(
        parseAgentNames(' market=market_analyst , news=market_analyst,router=-,bogus,=x,a=b=c,,'),
      ).toEqual({
        market: 'market_analyst',
        news: 'market_analyst',
        router: false,
      });
      const warnings = diag.messages.filter((m) => m.startsWith('warn'));
      expect(warnings).toHaveLength(3);
      expect(warnings.join('\n')).toContain('TRADINGAGENTS_AGENT_NAMES');
      expect(warnings.join('\n')).toContain('"bogus"');
    } finally {
      diag.restore();
    }
  });

  it('takes each of agentNames and skipNodes from the option when given, else from the environment', () => {
    const env = { TRADINGAGENTS_AGENT_NAMES: 'a=alpha', TRADINGAGENTS_SKIP_NODES: 'b, c' };
    expect(resolveNaming({}, env)).toEqual({ agentNames: { a: 'alpha' }, skipNodes: ['b', 'c'] });
    expect(resolveNaming({ agentNames: { a: 'option' } }, env)).toEqual({
      agentNames: { a: 'option' },
      skipNodes: ['b', 'c'],
    });
    expect(resolveNaming({ skipNodes: [] }, env).skipNodes).toEqual([]);
    expect(resolveNaming({}, {})).toEqual({ agentNames: undefined, skipNodes: [] });
  });

  it('throws a TypeError for an invalid explicit option', () => {
    expect(() => resolveNaming({ agentNames: { a: 42 as unknown as string } }, {})).toThrow(TypeError);
    expect(() => resolveNaming({ agentNames: [] as unknown as Record<string, string> }, {})).toThrow(
      TypeError,
    );
    expect(() => resolveNaming({ skipNodes: 'router' as unknown as string[] }, {})).toThrow(TypeError);
  });

  it('throws when the instrumentation is constructed or reconfigured with an invalid option, not later', () => {
    expect(
      () => new LangChainInstrumentation({ agentNames: 5 as unknown as Record<string, string> }),
    ).toThrow(/agentNames must be/);
    const instrumentation = new LangChainInstrumentation({ enabled: false });
    expect(() => instrumentation.setConfig({ skipNodes: 'router' as unknown as string[] })).toThrow(
      /skipNodes must be/,
    );
  });

  it('lets an explicit mapping override the default rules, and keeps internal nodes out', () => {
    const resolve = createAgentNameResolver({ agentNames: { tools: 'tool_runner' }, skipNodes: [/^check_/] });
    expect(resolve('tools', undefined, info('tools'))).toBe('tool_runner');
    expect(resolve('check_risk', 'check_risk', info('check_risk'))).toBeUndefined();
    expect(resolve('__start__', '__start__', info('__start__'))).toBeUndefined();
    expect(resolve('trader', 'trader', info('trader'))).toBe('trader');
  });
});

describe('TRADINGAGENTS_AGENT_NAMES and TRADINGAGENTS_SKIP_NODES on a running graph', () => {
  let h: Harness;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.TRADINGAGENTS_AGENT_NAMES = 'market=analysts,news=analysts,router=-';
    process.env.TRADINGAGENTS_SKIP_NODES = 'formatter';
    h = await startHarness({
      server: { responder: () => ({ content: 'ok', usage: { promptTokens: 10, completionTokens: 1 } }) },
    });
  });

  afterAll(async () => {
    process.env = saved;
    await h?.close();
  });

  it('renames, groups and skips nodes as the environment says', async () => {
    const llm = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test',
      configuration: { baseURL: h.openai.url },
      maxRetries: 0,
    });
    const State = Annotation.Root({ out: Annotation<string>() });
    const call = (prompt: string) => async () => ({ out: String((await llm.invoke(prompt)).content) });
    const graph = new StateGraph(State)
      .addNode('router', async () => ({}))
      .addNode('market', call('market'))
      .addNode('news', call('news'))
      .addNode('formatter', async (s) => ({ out: s.out.toUpperCase() }))
      .addNode('trader', call('trade'))
      .addEdge(START, 'router')
      .addEdge('router', 'market')
      .addEdge('market', 'news')
      .addEdge('news', 'formatter')
      .addEdge('formatter', 'trader')
      .addEdge('trader', END)
      .compile();
    expect((await graph.invoke({ out: '' })).out).toBe('ok');
    const { observations, metrics } = await h.collect();
    const agents = observations.filter((o) => o.type === 'agent').map((o) => o.name);
    expect(agents.sort()).toEqual(['invoke_agent analysts', 'invoke_agent analysts', 'invoke_agent trader']);
    expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'analysts' })).toBe(2);
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'analysts' })).toBe(2);
    for (const gone of ['router', 'formatter', 'market', 'news']) {
      expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: gone })).toBe(0);
    }
  });
});
