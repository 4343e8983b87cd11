import { trackAgent, trackLlmCall } from '@tradingagents/telemetry';
import { type LangfuseObservation, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getAiSdkTelemetryIntegration } from '../src/ai-sdk/registry.js';
import { AI_SDK_SKIP_REASON, type AiSdkHarness, startAiSdkHarness } from './support/ai-sdk.js';
import { numberAttr } from './support/setup.js';

type Ai = typeof import('ai');
type OpenAIProvider = ReturnType<typeof import('@ai-sdk/openai')['createOpenAI']>;

const MODEL = 'gpt-4o-mini';
// gpt-4o-mini as Langfuse prices it, USD per 1M tokens (the core's table is generated from it).
const PRICE = { input: 0.15, cachedInput: 0.075, output: 0.6 };

const responder = (request: {
  tools: unknown[];
  lastMessageIsToolResult: boolean;
  lastUserMessage: string;
}) => {
  if (request.lastUserMessage.includes('as JSON')) return { content: '{"ticker":"NVDA","price":123.4}' };
  if (request.lastUserMessage.includes('fail')) return { error: { status: 400, message: 'bad request' } };
  const named = JSON.stringify(request.tools).includes('get_price');
  if (named && !request.lastMessageIsToolResult) {
    return {
      toolCalls: [{ name: 'get_price', arguments: { ticker: 'NVDA' } }],
      usage: { promptTokens: 120, completionTokens: 10 },
    };
  }
  if (request.lastUserMessage.includes('price')) {
    return {
      content: 'NVDA trades at 123.4, hold.',
      usage: { promptTokens: 1000, cachedTokens: 400, completionTokens: 100, reasoningTokens: 20 },
    };
  }
  return undefined;
};

describe.skipIf(AI_SDK_SKIP_REASON !== '')(`Vercel AI SDK instrumentation ${AI_SDK_SKIP_REASON}`, () => {
  let h: AiSdkHarness;
  let ai: Ai;
  let openai: OpenAIProvider;

  beforeAll(async () => {
    h = await startAiSdkHarness({ responder });
    ai = await import('ai');
    const { createOpenAI } = await import('@ai-sdk/openai');
    openai = createOpenAI({ baseURL: h.openai.url, apiKey: 'test' });
  });

  afterAll(async () => {
    await h?.close();
  });

  const mark = async () => (await h.collect()).observations.length;
  const since = async (before: number) => {
    const { observations, metrics } = await h.collect();
    return { observations: observations.slice(before), metrics };
  };
  const generationsOf = (observations: LangfuseObservation[]) =>
    observations.filter((o) => o.type === 'generation' || o.type === 'embedding');
  const tools = () => ({
    get_price: ai.tool({
      description: 'Last price of a ticker',
      inputSchema: z.object({ ticker: z.string() }),
      execute: async ({ ticker }: { ticker: string }) => ({ ticker, price: 123.4 }),
    }),
  });
  // 120 input + 10 output; 1000 input (400 cached) + 100 output (20 of them reasoning).
  const callCost = (120 * PRICE.input + 10 * PRICE.output) / 1e6;

  const loop = async (streamed: boolean, functionId?: string): Promise<string> => {
    const options = {
      model: openai(MODEL),
      prompt: 'price of NVDA?',
      tools: tools(),
      stopWhen: ai.stepCountIs(3),
      ...(functionId === undefined ? {} : { telemetry: { functionId } }),
    };
    if (!streamed) return (await ai.generateText(options)).text;
    const result = ai.streamText(options);
    let text = '';
    for await (const delta of result.textStream) text += delta;
    return text;
  };

  for (const streamed of [false, true]) {
    it(`records an agent loop with a tool (${streamed ? 'streamText' : 'generateText'}): agent from functionId, generations, tool, usage and cost equal to /metrics`, async () => {
      const agent = streamed ? 'stream_analyst' : 'price_analyst';
      const before = await mark();
      expect(await loop(streamed, agent)).toBe('NVDA trades at 123.4, hold.');
      const { observations, metrics } = await since(before);
      expect(new Set(observations.map((o) => o.traceId)).size).toBe(1);
      const agentObs = observations.find((o) => o.type === 'agent');
      expect(agentObs?.name).toBe(`invoke_agent ${agent}`);
      const generations = generationsOf(observations);
      expect(generations).toHaveLength(2);
      const tool = observations.find((o) => o.type === 'tool');
      expect(tool?.name).toContain('get_price');
      expect(tool?.parentObservationId).toBe(agentObs?.id);
      for (const g of generations) {
        expect(g.parentObservationId).toBe(agentObs?.id);
        expect(g.model).toBe(MODEL);
        expect(g.attributes['gen_ai.agent.name']).toBe(agent);
        expect(g.attributes['gen_ai.provider.name']).toBe('openai');
      }
      const [call, final] = generations;
      expect(JSON.stringify(call?.output)).toContain('get_price');
      expect(call?.usageDetails).toEqual({ input: 120, output: 10, total: 130 });
      expect(final?.usageDetails).toEqual({
        input: 600,
        output: 80,
        input_cached_tokens: 400,
        output_reasoning_tokens: 20,
        total: 1100,
      });
      expect(numberAttr(call, 'gen_ai.usage.cost')).toBeCloseTo(callCost, 12);

      const labels = { agent_name: agent, model: MODEL };
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', labels)).toBe(2);
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'input' })).toBe(1120);
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'output' })).toBe(110);
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'cache_read' })).toBe(
        400,
      );
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'reasoning' })).toBe(
        20,
      );
      const spanCost = generations.reduce((sum, g) => sum + numberAttr(g, 'gen_ai.usage.cost'), 0);
      expect(spanCost).toBeGreaterThan(callCost);
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', labels)).toBeCloseTo(spanCost, 12);
      expect(
        sumSamples(metrics, 'tradingagents_tool_calls_total', { tool: 'get_price', agent_name: agent }),
      ).toBe(1);
    });
  }

  it('attributes a call without functionId to the enclosing trackAgent scope (ToolLoopAgent)', async () => {
    const before = await mark();
    const agent = new ai.ToolLoopAgent({ model: openai(MODEL), tools: tools(), stopWhen: ai.stepCountIs(3) });
    const result = await trackAgent('loop_agent', () => agent.generate({ prompt: 'price of NVDA?' }));
    expect(result.text).toBe('NVDA trades at 123.4, hold.');
    const { observations, metrics } = await since(before);
    const agents = observations.filter((o) => o.type === 'agent');
    expect(agents.map((a) => a.name)).toEqual(['invoke_agent loop_agent']);
    for (const g of generationsOf(observations)) expect(g.parentObservationId).toBe(agents[0]?.id);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'loop_agent', model: MODEL }),
    ).toBe(2);
  });

  it('records embed as an embedding generation with its input tokens', async () => {
    const before = await mark();
    const { embedding } = await trackAgent('embedder', () =>
      ai.embed({ model: openai.embedding('text-embedding-3-small'), value: 'sunny day at the beach' }),
    );
    expect(embedding.length).toBeGreaterThan(0);
    const { observations, metrics } = await since(before);
    const [g] = generationsOf(observations);
    expect(g?.type).toBe('embedding');
    expect(g?.name).toBe('embeddings text-embedding-3-small');
    expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBeGreaterThan(0);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', {
        agent_name: 'embedder',
        model: 'text-embedding-3-small',
      }),
    ).toBe(1);
  });

  it('records generateObject as one generation of its agent', async () => {
    const before = await mark();
    const { object } = await ai.generateObject({
      model: openai(MODEL),
      prompt: 'price of NVDA as JSON',
      schema: z.object({ ticker: z.string(), price: z.number() }),
      telemetry: { functionId: 'extractor' },
    });
    expect(object).toEqual({ ticker: 'NVDA', price: 123.4 });
    const { observations, metrics } = await since(before);
    const [g] = generationsOf(observations);
    expect(generationsOf(observations)).toHaveLength(1);
    expect(g?.parentObservationId).toBe(observations.find((o) => o.type === 'agent')?.id);
    expect(JSON.stringify(g?.output)).toContain('NVDA');
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'extractor', model: MODEL }),
    ).toBe(1);
  });

  it('records a failed call as an error and rethrows the SDK error unchanged', async () => {
    const before = await mark();
    const error = await ai
      .generateText({
        model: openai(MODEL),
        prompt: 'please fail',
        maxRetries: 0,
        telemetry: { functionId: 'failing' },
      })
      .catch((e: unknown) => e);
    expect(ai.APICallError.isInstance(error)).toBe(true);
    const { observations, metrics } = await since(before);
    const [g] = generationsOf(observations);
    expect(g?.level).toBe('ERROR');
    expect(observations.find((o) => o.type === 'agent')?.level).toBe('ERROR');
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'failing', status: 'error' }),
    ).toBe(1);
  });

  it('records nothing for isEnabled: false, per-call integrations, or a call recorded above', async () => {
    const before = await mark();
    await ai.generateText({ model: openai(MODEL), prompt: 'hello', telemetry: { isEnabled: false } });
    await ai.generateText({ model: openai(MODEL), prompt: 'hello', telemetry: { integrations: [{}] } });
    expect(generationsOf((await since(before)).observations)).toHaveLength(0);
    await trackLlmCall({ model: MODEL }, () => ai.generateText({ model: openai(MODEL), prompt: 'wrapped' }));
    expect(generationsOf((await since(before)).observations)).toHaveLength(1);
  });

  it('records a call with its own integrations when ours is listed among them, once', async () => {
    const ours = getAiSdkTelemetryIntegration();
    expect(ours).toBeDefined();
    const before = await mark();
    await ai.generateText({
      model: openai(MODEL),
      prompt: 'hello',
      telemetry: { functionId: 'listed', integrations: [{}, ours as object] },
    });
    const generations = generationsOf((await since(before)).observations);
    expect(generations).toHaveLength(1);
    expect(generations[0]?.attributes['gen_ai.agent.name']).toBe('listed');
  });
});

describe.skipIf(AI_SDK_SKIP_REASON !== '')('Vercel AI SDK instrumentation without content capture', () => {
  it('records usage but no prompt or completion', async () => {
    const h = await startAiSdkHarness({}, false);
    try {
      const ai = await import('ai');
      const { createOpenAI } = await import('@ai-sdk/openai');
      const openai = createOpenAI({ baseURL: h.openai.url, apiKey: 'test' });
      await ai.generateText({ model: openai(MODEL), prompt: 'secret prompt' });
      const [g] = (await h.collect()).observations.filter((o) => o.type === 'generation');
      expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBeGreaterThan(0);
      expect(JSON.stringify(g?.attributes)).not.toContain('secret prompt');
      expect(JSON.stringify(g?.attributes)).not.toContain('Answer to');
    } finally {
      await h.close();
    }
  });
});
