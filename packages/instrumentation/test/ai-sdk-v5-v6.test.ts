import { trackAgent, trackLlmCall } from '@tradingagents/telemetry';
import { type LangfuseObservation, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getAiSdkTracer } from '../src/ai-sdk/registry.js';
import { type AiSdkHarness, startAiSdkHarness } from './support/ai-sdk.js';
import { numberAttr } from './support/setup.js';

// `ai` 5 and 6 (and the `@ai-sdk/openai` majors they pair with), installed under aliases beside
// `ai` 7. They run on Node 20: these tests are not skipped there.
type Ai = typeof import('ai-v6');
type CreateOpenAI = typeof import('ai-sdk-openai-v3')['createOpenAI'];
type OpenAIProvider = ReturnType<CreateOpenAI>;

const VERSIONS = [
  {
    ai: 'ai 5',
    load: async () => ({
      ai: (await import('ai-v5')) as unknown as Ai,
      createOpenAI: (await import('ai-sdk-openai-v2')).createOpenAI as unknown as CreateOpenAI,
    }),
    // ai 5's agent class is `Experimental_Agent`; 6 renamed it `ToolLoopAgent` (keeping the old name).
    agentClass: 'Experimental_Agent',
  },
  {
    ai: 'ai 6',
    load: async () => ({
      ai: await import('ai-v6'),
      createOpenAI: (await import('ai-sdk-openai-v3')).createOpenAI,
    }),
    agentClass: 'ToolLoopAgent',
  },
] as const;

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

describe.each(VERSIONS)('Vercel AI SDK $ai instrumentation (experimental_telemetry spans)', (version) => {
  let h: AiSdkHarness;
  let ai: Ai;
  let openai: OpenAIProvider;

  beforeAll(async () => {
    h = await startAiSdkHarness({ responder });
    const loaded = await version.load();
    ai = loaded.ai;
    openai = loaded.createOpenAI({ baseURL: h.openai.url, apiKey: 'test' });
    // What the loader hook or the module scan does in an app: `ai` 5/6 found, the `ai` tracer claimed.
    h.instrumentation.manuallyInstrument({ ai });
  });

  afterAll(async () => {
    await h?.close();
  });

  // Zero-code: the SDK asks the global tracer provider (ours) for its tracer.
  const telemetry = (functionId?: string) => ({
    isEnabled: true,
    ...(functionId === undefined ? {} : { functionId }),
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
  const callCost = (120 * PRICE.input + 10 * PRICE.output) / 1e6;

  const loop = async (streamed: boolean, functionId: string, explicit: boolean): Promise<string> => {
    const options = {
      model: openai(MODEL),
      prompt: 'price of NVDA?',
      tools: tools(),
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: { ...telemetry(functionId), ...(explicit ? { tracer: getAiSdkTracer() } : {}) },
    };
    if (!streamed) return (await ai.generateText(options)).text;
    const result = ai.streamText(options);
    let text = '';
    for await (const delta of result.textStream) text += delta;
    return text;
  };

  it('hands out our tracer while the instrumentation is enabled', () => {
    expect(getAiSdkTracer()).toBeDefined();
  });

  for (const [streamed, explicit] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`records an agent loop with a tool (${streamed ? 'streamText' : 'generateText'}, ${explicit ? 'experimental_telemetry.tracer' : 'global tracer'}): agent from functionId, generations, tool, usage and cost equal to /metrics`, async () => {
      const agent = `${streamed ? 'stream' : 'price'}_analyst${explicit ? '_explicit' : ''}`;
      const before = await mark();
      expect(await loop(streamed, agent, explicit)).toBe('NVDA trades at 123.4, hold.');
      const { observations, metrics } = await since(before);
      expect(new Set(observations.map((o) => o.traceId)).size).toBe(1);
      // Ours only: the SDK's own spans (ai.generateText, ...doGenerate, ai.toolCall) never reach Langfuse.
      expect(observations.filter((o) => o.name.startsWith('ai.'))).toEqual([]);
      const agentObs = observations.find((o) => o.type === 'agent');
      expect(agentObs?.name).toBe(`invoke_agent ${agent}`);
      expect(observations.filter((o) => o.type === 'agent')).toHaveLength(1);
      const generations = generationsOf(observations);
      expect(generations).toHaveLength(2);
      const tool = observations.find((o) => o.type === 'tool');
      expect(tool?.name).toContain('get_price');
      expect(tool?.parentObservationId).toBe(agentObs?.id);
      expect(JSON.stringify(tool?.output)).toContain('123.4');
      for (const g of generations) {
        expect(g.parentObservationId).toBe(agentObs?.id);
        expect(g.model).toBe(MODEL);
        expect(g.attributes['gen_ai.agent.name']).toBe(agent);
        expect(g.attributes['gen_ai.provider.name']).toBe('openai');
      }
      const [call, final] = generations;
      expect(JSON.stringify(call?.output)).toContain('get_price');
      expect(JSON.stringify(final?.output)).toContain('NVDA trades at 123.4');
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
      const tokens = (type: string) =>
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type });
      expect(tokens('input')).toBe(1120);
      expect(tokens('output')).toBe(110);
      expect(tokens('cache_read')).toBe(400);
      expect(tokens('reasoning')).toBe(20);
      const spanCost = generations.reduce((sum, g) => sum + numberAttr(g, 'gen_ai.usage.cost'), 0);
      expect(spanCost).toBeCloseTo(
        (120 * PRICE.input +
          10 * PRICE.output +
          600 * PRICE.input +
          400 * PRICE.cachedInput +
          80 * PRICE.output) /
          1e6,
        12,
      );
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', labels)).toBeCloseTo(spanCost, 12);
      expect(
        sumSamples(metrics, 'tradingagents_tool_calls_total', { tool: 'get_price', agent_name: agent }),
      ).toBe(1);
      expect(
        sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: agent, status: 'success' }),
      ).toBe(1);
    });
  }

  it(`attributes a call without functionId to the enclosing trackAgent scope (${version.agentClass})`, async () => {
    const before = await mark();
    const Agent = (
      ai as unknown as Record<
        string,
        new (
          settings: object,
        ) => { generate(o: object): Promise<{ text: string }> }
      >
    )[version.agentClass];
    if (!Agent) throw new Error(`${version.ai} has no ${version.agentClass}`);
    const agent = new Agent({
      model: openai(MODEL),
      tools: tools(),
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: telemetry(),
    });
    const result = await trackAgent('loop_agent', () => agent.generate({ prompt: 'price of NVDA?' }));
    expect(result.text).toBe('NVDA trades at 123.4, hold.');
    const { observations, metrics } = await since(before);
    const agents = observations.filter((o) => o.type === 'agent');
    expect(agents.map((a) => a.name)).toEqual(['invoke_agent loop_agent']);
    expect(generationsOf(observations)).toHaveLength(2);
    for (const o of observations.filter((x) => x.type !== 'agent'))
      expect(o.parentObservationId).toBe(agents[0]?.id);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'loop_agent', model: MODEL }),
    ).toBe(2);
  });

  it(`names the agent by the functionId in ${version.agentClass}'s settings`, async () => {
    const before = await mark();
    const Agent = (
      ai as unknown as Record<
        string,
        new (
          settings: object,
        ) => {
          stream(
            o: object,
          ): PromiseLike<{ textStream: AsyncIterable<string> }> | { textStream: AsyncIterable<string> };
        }
      >
    )[version.agentClass];
    if (!Agent) throw new Error(`${version.ai} has no ${version.agentClass}`);
    const agent = new Agent({
      model: openai(MODEL),
      tools: tools(),
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: telemetry('settings_agent'),
    });
    // ai 6's `stream()` is async; ai 5's returns the result itself.
    const result = await agent.stream({ prompt: 'price of NVDA?' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('NVDA trades at 123.4, hold.');
    const { observations, metrics } = await since(before);
    expect(observations.filter((o) => o.type === 'agent').map((a) => a.name)).toEqual([
      'invoke_agent settings_agent',
    ]);
    expect(
      sumSamples(metrics, 'tradingagents_tool_calls_total', {
        tool: 'get_price',
        agent_name: 'settings_agent',
      }),
    ).toBe(1);
  });

  it('records embed and embedMany as embedding generations with their input tokens', async () => {
    const before = await mark();
    const { embedding } = await trackAgent('embedder', () =>
      ai.embed({
        model: openai.embedding('text-embedding-3-small'),
        value: 'sunny day at the beach',
        experimental_telemetry: telemetry(),
      }),
    );
    expect(embedding.length).toBeGreaterThan(0);
    const { embeddings } = await trackAgent('embedder', () =>
      ai.embedMany({
        model: openai.embedding('text-embedding-3-small'),
        values: ['one', 'two'],
        experimental_telemetry: telemetry(),
      }),
    );
    expect(embeddings).toHaveLength(2);
    const { observations, metrics } = await since(before);
    const generations = generationsOf(observations);
    expect(generations.map((g) => [g.type, g.name])).toEqual([
      ['embedding', 'embeddings text-embedding-3-small'],
      ['embedding', 'embeddings text-embedding-3-small'],
    ]);
    for (const g of generations) expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBeGreaterThan(0);
    const labels = { agent_name: 'embedder', model: 'text-embedding-3-small' };
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', labels)).toBe(2);
    expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'input' })).toBe(
      generations.reduce((s, g) => s + numberAttr(g, 'gen_ai.usage.input_tokens'), 0),
    );
  });

  for (const streamed of [false, true]) {
    it(`records ${streamed ? 'streamObject' : 'generateObject'} as one generation of its agent`, async () => {
      const before = await mark();
      const options = {
        model: openai(MODEL),
        prompt: 'price of NVDA as JSON',
        schema: z.object({ ticker: z.string(), price: z.number() }),
        experimental_telemetry: telemetry('extractor'),
      };
      let object: unknown;
      if (streamed) {
        // The stream is the app's: it reads it as it would without us (the result resolves once read).
        const result = ai.streamObject(options);
        for await (const _partial of result.partialObjectStream);
        object = await result.object;
      } else {
        object = (await ai.generateObject(options)).object;
      }
      expect(object).toEqual({ ticker: 'NVDA', price: 123.4 });
      const { observations, metrics } = await since(before);
      const generations = generationsOf(observations);
      expect(generations).toHaveLength(1);
      expect(generations[0]?.parentObservationId).toBe(observations.find((o) => o.type === 'agent')?.id);
      expect(JSON.stringify(generations[0]?.output)).toContain('NVDA');
      expect(numberAttr(generations[0], 'gen_ai.usage.input_tokens')).toBeGreaterThan(0);
      expect(
        sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'extractor', model: MODEL }),
      ).toBe(streamed ? 2 : 1); // Counters add up: generateObject's one, then streamObject's.
    });
  }

  it('records a failed call as an error and rethrows the SDK error unchanged', async () => {
    const before = await mark();
    const error = await ai
      .generateText({
        model: openai(MODEL),
        prompt: 'please fail',
        maxRetries: 0,
        experimental_telemetry: telemetry('failing'),
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

  it('records nothing for a call without experimental_telemetry.isEnabled (the SDK makes no spans)', async () => {
    const before = await mark();
    const { text } = await trackAgent('quiet', () =>
      ai.generateText({ model: openai(MODEL), prompt: 'price of NVDA?' }),
    );
    expect(text).toBe('NVDA trades at 123.4, hold.');
    const { observations } = await since(before);
    expect(generationsOf(observations)).toHaveLength(0);
    expect(observations.map((o) => o.name)).toEqual(['invoke_agent quiet']);
  });

  it('leaves a call recorded above (trackLlmCall) to that layer: one generation', async () => {
    const before = await mark();
    const { text } = await trackLlmCall({ model: MODEL }, () =>
      ai.generateText({
        model: openai(MODEL),
        prompt: 'wrapped',
        experimental_telemetry: telemetry('inner'),
      }),
    );
    expect(text).toBeTypeOf('string');
    const { observations } = await since(before);
    expect(generationsOf(observations)).toHaveLength(1);
    expect(observations.filter((o) => o.type === 'agent')).toHaveLength(0);
  });

  it('runs a tool body in the tool observation: an LLM call inside a tool nests under it', async () => {
    const before = await mark();
    const nested = {
      get_price: ai.tool({
        description: 'Last price of a ticker',
        inputSchema: z.object({ ticker: z.string() }),
        execute: async () =>
          (
            await ai.generateText({
              model: openai(MODEL),
              prompt: 'inner question',
              experimental_telemetry: telemetry('pricer'),
            })
          ).text,
      }),
    };
    await ai.generateText({
      model: openai(MODEL),
      prompt: 'price of NVDA?',
      tools: nested,
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: telemetry('outer'),
    });
    const { observations } = await since(before);
    const tool = observations.find((o) => o.type === 'tool');
    const inner = observations.find((o) => o.type === 'agent' && o.name === 'invoke_agent pricer');
    expect(inner?.parentObservationId).toBe(tool?.id);
    expect(generationsOf(observations)).toHaveLength(3);
  });
});
