import { createRequire } from 'node:module';
import type * as AgentsModule from '@openai/agents';
import { type LangfuseObservation, type MetricFamily, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenAIAgentsInstrumentation } from '../src/openai-agents/instrumentation.js';
import { type Harness, numberAttr, startHarness } from './support/setup.js';

// `@openai/agents` 0.15+ depends on `openai` 7, which declares Node >=22 (engines).
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const supported = NODE_MAJOR >= 22;

/** The `openai` 7 the Agents SDK depends on (not the `openai` 6 of this package's other tests). */
function agentsOpenAI(): OpenAI7 {
  const fromHere = createRequire(import.meta.url);
  const agentsOpenAIEntry = createRequire(fromHere.resolve('@openai/agents')).resolve(
    '@openai/agents-openai',
  );
  return createRequire(agentsOpenAIEntry)('openai') as OpenAI7;
}

/** The client type the SDK's `setDefaultOpenAIClient` takes (openai 7's `OpenAI`). */
type OpenAI7 = { OpenAI: new (options: object) => Parameters<typeof AgentsModule.setDefaultOpenAIClient>[0] };

const USAGE = { promptTokens: 120, completionTokens: 30, cachedTokens: 20, reasoningTokens: 10 };

describe.skipIf(!supported)('OpenAI Agents SDK instrumentation (Node >=22: openai 7 engines)', () => {
  let h: Harness;
  let agents: typeof AgentsModule;
  let instrumentation: OpenAIAgentsInstrumentation;

  beforeAll(async () => {
    delete process.env.OPENAI_API_KEY; // the SDK's own OpenAI trace exporter then skips its export
    h = await startHarness({
      server: {
        responder: (request) => {
          if (request.lastUserMessage.includes('weather') && !request.lastMessageIsToolResult) {
            return { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], usage: USAGE };
          }
          if (request.lastUserMessage.includes('french') && !request.lastMessageIsToolResult) {
            const handoff = (request.tools as { name?: string }[]).find((t) =>
              t.name?.startsWith('transfer_to'),
            );
            if (handoff?.name) return { toolCalls: [{ name: handoff.name, arguments: {} }], usage: USAGE };
          }
          return { content: 'Sunny, 21°C.', usage: USAGE };
        },
      },
    });
    const openai = agentsOpenAI();
    h.openaiInstrumentation.manuallyInstrument({ openai });
    agents = await import('@openai/agents');
    instrumentation = new OpenAIAgentsInstrumentation();
    instrumentation.manuallyInstrument({ agentsCore: agents });
    // Vitest sets NODE_ENV=test, where the SDK turns its tracing off by default; an app turns it on so.
    agents.setTracingDisabled(false);
    agents.setDefaultOpenAIClient(
      new openai.OpenAI({ apiKey: 'test', baseURL: h.openai.url, maxRetries: 0 }),
    );
  });

  afterAll(async () => {
    instrumentation?.disable();
    await h?.close();
  });

  const weatherAgent = () =>
    new agents.Agent({
      name: 'Weather agent',
      instructions: 'Answer weather questions.',
      model: 'gpt-4o-mini',
      tools: [
        agents.tool({
          name: 'get_weather',
          description: 'Weather of a city',
          parameters: z.object({ city: z.string() }),
          execute: async ({ city }) => `sunny in ${city}`,
        }),
      ],
    });

  /** The observations of the one trace whose root is named `root`, and the scrape. */
  async function traceOf(before: number, root: string) {
    const { observations, metrics } = await h.collect();
    const fresh = observations.slice(before);
    const roots = fresh.filter((o) => o.name === root && o.parentObservationId === null);
    expect(roots).toHaveLength(1);
    const traceId = roots[0]?.traceId;
    return { trace: fresh.filter((o) => o.traceId === traceId), all: fresh, metrics };
  }

  function checkUsageEqualsMetrics(
    generations: LangfuseObservation[],
    metrics: MetricFamily[],
    agent: string,
  ) {
    const cost = generations.reduce((sum, g) => sum + numberAttr(g, 'gen_ai.usage.cost'), 0);
    expect(cost).toBeGreaterThan(0);
    expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: agent })).toBeCloseTo(
      cost,
      12,
    );
    const input = generations.reduce((sum, g) => sum + numberAttr(g, 'gen_ai.usage.input_tokens'), 0);
    expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'input' })).toBe(
      input,
    );
    expect(
      sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'cache_read' }),
    ).toBe(20 * generations.length);
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: agent })).toBe(
      generations.length,
    );
  }

  it('records a run as one trace: workflow → agent → one generation per model call and the tool', async () => {
    const before = (await h.collect()).observations.length;
    const result = await agents.run(weatherAgent(), 'What is the weather in Paris?');
    expect(result.finalOutput).toBe('Sunny, 21°C.');
    const { trace, all, metrics } = await traceOf(before, 'Agent workflow');
    const agent = trace.find((o) => o.type === 'agent');
    expect(agent?.name).toBe('invoke_agent Weather agent');
    const generations = trace.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(2);
    expect(all.filter((o) => o.type === 'generation')).toHaveLength(2); // no second copy anywhere
    for (const g of generations) {
      expect(g.parentObservationId).toBe(agent?.id);
      expect(g.attributes['gen_ai.agent.name']).toBe('Weather agent');
    }
    const tool = trace.find((o) => o.type === 'tool');
    expect(tool?.name).toContain('get_weather');
    expect(tool?.parentObservationId).toBe(agent?.id);
    checkUsageEqualsMetrics(generations, metrics, 'Weather agent');
    expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'Weather agent' })).toBe(
      1,
    );
  });

  it('records a streamed run the same way, and returns the SDK stream unchanged', async () => {
    const before = (await h.collect()).observations.length;
    const stream = await agents.run(weatherAgent(), 'Streamed weather in Paris?', { stream: true });
    expect(stream).toBeInstanceOf(agents.StreamedRunResult);
    for await (const _event of stream) {
      // consume
    }
    await stream.completed;
    expect(stream.finalOutput).toBe('Sunny, 21°C.');
    const { trace } = await traceOf(before, 'Agent workflow');
    const agent = trace.find((o) => o.type === 'agent');
    const generations = trace.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(2);
    for (const g of generations) {
      expect(g.parentObservationId).toBe(agent?.id);
      expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(120);
      expect(numberAttr(g, 'gen_ai.usage.reasoning.output_tokens')).toBe(10);
    }
    expect(trace.filter((o) => o.type === 'tool')).toHaveLength(1);
  });

  it('records a handoff: both agents in one trace, each with its own generations', async () => {
    const french = new agents.Agent({
      name: 'French agent',
      instructions: 'Answer in French.',
      model: 'gpt-4o-mini',
    });
    const triage = new agents.Agent({
      name: 'Triage agent',
      instructions: 'Hand French questions off.',
      model: 'gpt-4o-mini',
      handoffs: [french],
    });
    const before = (await h.collect()).observations.length;
    const result = await agents.run(triage, 'A french question, please');
    expect(result.lastAgent?.name).toBe('French agent');
    const { trace, metrics } = await traceOf(before, 'Agent workflow');
    const agentsSeen = trace.filter((o) => o.type === 'agent').map((o) => o.name);
    expect(agentsSeen.sort()).toEqual(['invoke_agent French agent', 'invoke_agent Triage agent']);
    const triageSpan = trace.find((o) => o.name === 'invoke_agent Triage agent');
    const byAgent = (name: string) =>
      trace.filter((o) => o.type === 'generation' && o.attributes['gen_ai.agent.name'] === name);
    expect(byAgent('Triage agent')).toHaveLength(1);
    expect(byAgent('French agent')).toHaveLength(1);
    expect(byAgent('Triage agent')[0]?.parentObservationId).toBe(triageSpan?.id);
    checkUsageEqualsMetrics(byAgent('French agent'), metrics, 'French agent');
    const handoff = trace.find((o) => o.type === 'event');
    expect(handoff?.name).toBe('handoff Triage agent → French agent');
    expect(handoff?.parentObservationId).toBe(triageSpan?.id);
  });

  it('records a failing tool as an error, and the run goes on as the SDK decides', async () => {
    const broken = new agents.Agent({
      name: 'Broken agent',
      instructions: 'Use the tool.',
      model: 'gpt-4o-mini',
      tools: [
        agents.tool({
          name: 'get_weather',
          description: 'Weather of a city',
          parameters: z.object({ city: z.string() }),
          execute: async () => {
            throw new Error('weather service down');
          },
        }),
      ],
    });
    const before = (await h.collect()).observations.length;
    const result = await agents.run(broken, 'What is the weather in Rome?');
    expect(result.finalOutput).toBe('Sunny, 21°C.');
    const { trace, metrics } = await traceOf(before, 'Agent workflow');
    const tool = trace.find((o) => o.type === 'tool');
    expect(tool?.level).toBe('ERROR');
    expect(
      sumSamples(metrics, 'tradingagents_tool_calls_total', { agent_name: 'Broken agent', status: 'error' }),
    ).toBe(1);
  });

  it('records a model call no provider patch saw from the SDK span: Responses and Chat Completions models', async () => {
    h.openaiInstrumentation.disable();
    try {
      const openai = agentsOpenAI();
      const client = new openai.OpenAI({ apiKey: 'test', baseURL: h.openai.url, maxRetries: 0 });
      for (const model of [
        new agents.OpenAIResponsesModel(client, 'gpt-4o-mini'),
        new agents.OpenAIChatCompletionsModel(client, 'gpt-4o-mini'),
      ]) {
        const agent = new agents.Agent({ name: 'Custom model agent', instructions: 'Answer.', model });
        const before = (await h.collect()).observations.length;
        await agents.run(agent, 'Hello there');
        const { trace } = await traceOf(before, 'Agent workflow');
        const generations = trace.filter((o) => o.type === 'generation');
        expect(generations).toHaveLength(1);
        expect(generations[0]?.attributes['gen_ai.agent.name']).toBe('Custom model agent');
        expect(numberAttr(generations[0], 'gen_ai.usage.input_tokens')).toBe(120);
        expect(numberAttr(generations[0], 'gen_ai.usage.cache_read.input_tokens')).toBe(20);
        expect(numberAttr(generations[0], 'gen_ai.usage.cost')).toBeGreaterThan(0);
      }
      const { metrics } = await h.collect();
      expect(
        sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'Custom model agent' }),
      ).toBe(2);
    } finally {
      h.openaiInstrumentation.enable();
    }
  });

  it('still records the model calls (without agent) when the SDK tracing is off', async () => {
    agents.setTracingDisabled(true);
    try {
      const before = (await h.collect()).observations.length;
      await agents.run(weatherAgent(), 'What is the weather in Paris?');
      const { observations } = await h.collect();
      const fresh = observations.slice(before);
      expect(fresh.filter((o) => o.type === 'generation')).toHaveLength(2);
      expect(fresh.filter((o) => o.type === 'agent')).toHaveLength(0);
    } finally {
      agents.setTracingDisabled(false);
    }
  });
});
