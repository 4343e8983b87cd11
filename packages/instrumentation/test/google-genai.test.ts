import { ApiError, GenerateContentResponse, type GoogleGenAI, Type } from '@google/genai';
import { trackAgent, trackLlmCall, trackTool } from '@tradingagents/telemetry';
import { type LangfuseObservation, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleHarness, startGoogleHarness } from './support/google-genai.js';
import { numberAttr } from './support/setup.js';

const MODEL = 'gemini-2.5-flash';
// gemini-2.5-flash as Langfuse prices it, USD per 1M tokens (the core's table is generated from it).
const PRICE = { input: 0.3, cachedInput: 0.03, output: 2.5, reasoning: 2.5 };

const tools = [
  {
    functionDeclarations: [
      {
        name: 'get_price',
        description: 'Last price of a ticker',
        parameters: {
          type: Type.OBJECT,
          properties: { ticker: { type: Type.STRING } },
          required: ['ticker'],
        },
      },
    ],
  },
];

/** One agent loop: ask, run the function the model calls, send its result back, get the answer. */
async function agentLoop(client: GoogleGenAI, streamed: boolean): Promise<string> {
  const contents: Record<string, unknown>[] = [{ role: 'user', parts: [{ text: 'price of NVDA?' }] }];
  for (let turn = 0; turn < 3; turn++) {
    let parts: Record<string, unknown>[] = [];
    let calls: { name?: string; args?: Record<string, unknown> }[] = [];
    let text = '';
    if (streamed) {
      for await (const chunk of await client.models.generateContentStream({
        model: MODEL,
        contents,
        config: { tools },
      })) {
        parts.push(...((chunk.candidates?.[0]?.content?.parts ?? []) as Record<string, unknown>[]));
        calls.push(...(chunk.functionCalls ?? []));
        text += chunk.text ?? '';
      }
    } else {
      const response = await client.models.generateContent({ model: MODEL, contents, config: { tools } });
      parts = (response.candidates?.[0]?.content?.parts ?? []) as Record<string, unknown>[];
      calls = response.functionCalls ?? [];
      text = response.text ?? '';
    }
    if (calls.length === 0) return text;
    contents.push({ role: 'model', parts });
    for (const call of calls) {
      const result = trackTool(call.name ?? 'unknown', () => ({ price: 123.4 }), call.args);
      contents.push({ role: 'user', parts: [{ functionResponse: { name: call.name, response: result } }] });
    }
  }
  return 'no answer';
}

describe('Google GenAI SDK instrumentation', () => {
  let h: GoogleHarness;
  let client: GoogleGenAI;

  beforeAll(async () => {
    h = await startGoogleHarness({
      responder: (request) => {
        if (request.lastUserText.includes('fail')) return { error: { code: 400, message: 'bad request' } };
        if (request.functionNames.includes('get_price') && !request.lastTurnIsFunctionResponse) {
          return {
            functionCalls: [{ name: 'get_price', args: { ticker: 'NVDA' } }],
            usage: { promptTokenCount: 120, candidatesTokenCount: 10 },
          };
        }
        if (request.lastUserText.includes('price')) {
          return {
            text: 'NVDA trades at 123.4, hold.',
            usage: {
              promptTokenCount: 1000,
              cachedContentTokenCount: 400,
              candidatesTokenCount: 100,
              thoughtsTokenCount: 200,
            },
          };
        }
        return undefined;
      },
    });
    client = h.client();
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
  // 1000 prompt (400 cached) + 100 candidates + 200 thoughts, and 120 prompt + 10 candidates.
  const answerCost =
    (600 * PRICE.input + 400 * PRICE.cachedInput + 100 * PRICE.output + 200 * PRICE.reasoning) / 1e6;
  const callCost = (120 * PRICE.input + 10 * PRICE.output) / 1e6;

  for (const streamed of [false, true]) {
    it(`records an agent loop with a function call (${streamed ? 'streamed' : 'not streamed'}): agent, generations, tool, usage and cost equal to /metrics`, async () => {
      const agent = streamed ? 'stream_analyst' : 'json_analyst';
      const before = await mark();
      const answer = await trackAgent(agent, () => agentLoop(client, streamed));
      expect(answer).toBe('NVDA trades at 123.4, hold.');
      const { observations, metrics } = await since(before);
      const agentObs = observations.find((o) => o.type === 'agent');
      expect(agentObs?.name).toBe(`invoke_agent ${agent}`);
      const generations = generationsOf(observations);
      expect(generations).toHaveLength(2);
      const tool = observations.find((o) => o.type === 'tool');
      expect(tool?.parentObservationId).toBe(agentObs?.id);
      for (const g of generations) {
        expect(g.parentObservationId).toBe(agentObs?.id);
        expect(g.name).toBe(`generate_content ${MODEL}`);
        expect(g.model).toBe(MODEL);
        expect(g.attributes['gen_ai.agent.name']).toBe(agent);
        expect(g.attributes['gen_ai.provider.name']).toBe('gcp.gemini');
      }
      const [call, final] = generations;
      // The function call is recorded as an OpenAI-shaped tool call of the model's message.
      expect(JSON.stringify(call?.output)).toContain('get_price');
      expect(JSON.stringify(call?.output)).toContain('tool_calls');
      expect(call?.usageDetails).toEqual({ input: 120, output: 10, total: 130 });
      expect(final?.usageDetails).toEqual({
        input: 600,
        output: 100,
        input_cached_tokens: 400,
        output_reasoning_tokens: 200,
        total: 1300,
      });
      expect(numberAttr(final, 'gen_ai.usage.cost')).toBeCloseTo(answerCost, 12);
      expect(numberAttr(call, 'gen_ai.usage.cost')).toBeCloseTo(callCost, 12);
      if (streamed) expect(final?.completionStartTime).not.toBeNull();

      const labels = { agent_name: agent, model: MODEL };
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', labels)).toBe(2);
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'input' })).toBe(1120);
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'output' })).toBe(310);
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'cache_read' })).toBe(
        400,
      );
      expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type: 'reasoning' })).toBe(
        200,
      );
      const spanCost = generations.reduce((sum, g) => sum + numberAttr(g, 'gen_ai.usage.cost'), 0);
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', labels)).toBeCloseTo(spanCost, 12);
      expect(
        sumSamples(metrics, 'tradingagents_tool_calls_total', { tool: 'get_price', agent_name: agent }),
      ).toBe(1);
    });
  }

  it('returns the SDK own values: a GenerateContentResponse with its getters, an async generator iterated unchanged', async () => {
    const response = await client.models.generateContent({ model: MODEL, contents: 'hello there' });
    expect(response).toBeInstanceOf(GenerateContentResponse);
    expect(response.text).toBe('Answer to: hello there');
    const stream = await client.models.generateContentStream({ model: MODEL, contents: 'hello stream' });
    // The SDK's own generator object: the prototype of one the instrumentation did not observe.
    const unobserved = await trackLlmCall({ model: MODEL }, () =>
      client.models.generateContentStream({ model: MODEL, contents: 'unobserved' }),
    );
    for await (const _chunk of unobserved);
    expect(Object.getPrototypeOf(stream)).toBe(Object.getPrototypeOf(unobserved));
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk).toBeInstanceOf(GenerateContentResponse);
    expect(chunks.map((c) => c.text).join('')).toBe('Answer to: hello stream');
  });

  it('records usage from the last streamed chunk, also when the consumer stops early', async () => {
    const before = await mark();
    for await (const _chunk of await client.models.generateContentStream({
      model: MODEL,
      contents: 'a b c d e f g h',
    })) {
      break;
    }
    const { observations } = await since(before);
    expect(generationsOf(observations)).toHaveLength(1);
  });

  it('records an ApiError with its status and rethrows it unchanged', async () => {
    const before = await mark();
    const error = await trackAgent('failing', () =>
      client.models.generateContent({ model: MODEL, contents: 'please fail' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    const { observations, metrics } = await since(before);
    const [g] = generationsOf(observations);
    expect(g?.level).toBe('ERROR');
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'failing', status: 'error' }),
    ).toBe(1);
  });

  it('records embedContent as an embedding', async () => {
    const before = await mark();
    const response = await client.models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['a', 'b'],
    });
    expect(response.embeddings).toHaveLength(2);
    const [g] = generationsOf((await since(before)).observations);
    expect(g?.type).toBe('embedding');
    expect(g?.name).toBe('embeddings gemini-embedding-001');
    expect(g?.attributes['gen_ai.operation.name']).toBe('embeddings');
  });

  it('records nothing of its own inside a call recorded above (trackLlmCall)', async () => {
    const before = await mark();
    await trackLlmCall({ model: MODEL, provider: 'gcp.gemini' }, () =>
      client.models.generateContent({ model: MODEL, contents: 'wrapped' }),
    );
    expect(generationsOf((await since(before)).observations)).toHaveLength(1);
  });
});

describe('Google GenAI SDK instrumentation without content capture', () => {
  it('records usage but no prompt or completion', async () => {
    const h = await startGoogleHarness({}, false);
    try {
      await h.client().models.generateContent({ model: MODEL, contents: 'secret prompt' });
      const [g] = (await h.collect()).observations.filter((o) => o.type === 'generation');
      expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBeGreaterThan(0);
      expect(JSON.stringify(g?.attributes)).not.toContain('secret prompt');
      expect(JSON.stringify(g?.attributes)).not.toContain('Answer to');
    } finally {
      await h.close();
    }
  });
});
