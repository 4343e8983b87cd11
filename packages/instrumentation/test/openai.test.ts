import { trackAgent, trackLlmCall } from '@tradingagents/telemetry';
import { sumSamples } from '@tradingagents/testkit';
import OpenAI, { APIPromise } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, numberAttr, startHarness } from './support/setup.js';

const messages = [{ role: 'user' as const, content: 'Summarise NVDA news' }];

describe('OpenAI SDK instrumentation', () => {
  let h: Harness;
  let client: OpenAI;

  beforeAll(async () => {
    h = await startHarness({
      server: {
        responder: (request) => {
          if (request.lastUserMessage.includes('weather')) {
            return {
              toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
              usage: { promptTokens: 50, completionTokens: 12 },
            };
          }
          if (request.lastUserMessage.includes('think')) {
            return {
              content: 'Done.',
              usage: { promptTokens: 1000, completionTokens: 300, cachedTokens: 400, reasoningTokens: 200 },
            };
          }
          return undefined;
        },
      },
    });
    client = new OpenAI({ apiKey: 'test', baseURL: h.openai.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => {
    h.openai.setFault(undefined);
  });

  /** Flushes, then returns how many observations arrived so far. */
  const mark = async () => (await h.collect()).observations.length;

  const generationsSince = async (before: number) => {
    const { observations, metrics } = await h.collect();
    return {
      generations: observations
        .slice(before)
        .filter((o) => o.type === 'generation' || o.type === 'embedding'),
      metrics,
    };
  };

  it('returns the original APIPromise, and records a JSON chat completion with usage and cost under the agent', async () => {
    const before = await mark();
    let promise: unknown;
    const completion = await trackAgent('news_analyst', async () => {
      const p = client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'think hard' }],
      });
      promise = p;
      return p;
    });
    expect(promise).toBeInstanceOf(APIPromise);
    const { generations, metrics } = await generationsSince(before);
    expect(generations).toHaveLength(1);
    const [g] = generations;
    expect(g?.name).toBe('chat gpt-4o-mini');
    expect(g?.attributes['gen_ai.agent.name']).toBe('news_analyst');
    expect(g?.attributes['gen_ai.response.id']).toBe(completion.id);
    expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(1000);
    expect(numberAttr(g, 'gen_ai.usage.output_tokens')).toBe(300);
    expect(numberAttr(g, 'gen_ai.usage.cache_read.input_tokens')).toBe(400);
    expect(numberAttr(g, 'gen_ai.usage.reasoning.output_tokens')).toBe(200);
    const cost = numberAttr(g, 'gen_ai.usage.cost');
    // gpt-4o-mini, priced as Langfuse prices it: 600 uncached × 0.15 + 400 cached × 0.075 + 100
    // non-reasoning output × 0.6, per 1M tokens. Langfuse has no reasoning price for gpt-4o-mini (not
    // a reasoning model), so the 200 reasoning tokens cost nothing there and here.
    expect(cost).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 100 * 0.6) / 1e6, 12);
    expect(
      sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: 'news_analyst' }),
    ).toBeCloseTo(cost, 12);
    expect(
      sumSamples(metrics, 'tradingagents_llm_tokens_total', {
        agent_name: 'news_analyst',
        type: 'cache_read',
      }),
    ).toBe(400);
  });

  it('keeps withResponse() working on the returned promise', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(response.status).toBe(200);
    expect(data.object).toBe('chat.completion');
  });

  it('reads streamed usage from the final chunk, and marks the first token', async () => {
    const before = await mark();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'think again' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(1000);
    const { generations } = await generationsSince(before);
    expect(generations).toHaveLength(1);
    expect(numberAttr(generations[0], 'gen_ai.usage.input_tokens')).toBe(1000);
    expect(numberAttr(generations[0], 'gen_ai.usage.reasoning.output_tokens')).toBe(200);
    expect(generations[0]?.completionStartTime).not.toBeNull();
  });

  it('records tool-call completions, streamed or not, with their finish reason', async () => {
    const before = await mark();
    const json = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(json.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _ of stream) {
      // drain
    }
    const { generations } = await generationsSince(before);
    expect(generations).toHaveLength(2);
    for (const g of generations) {
      expect(g.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
      expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(50);
    }
  });

  it('records responses.create, JSON and streamed', async () => {
    const before = await mark();
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'think about it' });
    expect(response.output_text).toBe('Done.');
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'think about it',
      stream: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
    const { generations } = await generationsSince(before);
    expect(generations).toHaveLength(2);
    for (const g of generations) {
      expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(1000);
      expect(numberAttr(g, 'gen_ai.usage.cache_read.input_tokens')).toBe(400);
      expect(numberAttr(g, 'gen_ai.usage.reasoning.output_tokens')).toBe(200);
      expect(numberAttr(g, 'gen_ai.usage.cost')).toBeGreaterThan(0);
    }
  });

  it('records embeddings.create as an embedding with input tokens', async () => {
    const before = await mark();
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'NVDA earnings beat',
    });
    const { generations } = await generationsSince(before);
    expect(generations).toHaveLength(1);
    expect(generations[0]?.type).toBe('embedding');
    expect(generations[0]?.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(numberAttr(generations[0], 'gen_ai.usage.input_tokens')).toBe(result.usage.prompt_tokens);
  });

  it.each([429, 500])(
    'records a %i as an error status and an error count, and rethrows the same error',
    async (status) => {
      const before = await mark();
      const errorsBefore = sumSamples((await h.collect()).metrics, 'tradingagents_llm_requests_total', {
        status: 'error',
      });
      h.openai.setFault({ status });
      const error = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(status === 429 ? OpenAI.RateLimitError : OpenAI.InternalServerError);
      const stream = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages, stream: true })
        .catch((e: unknown) => e);
      expect((stream as { status?: number }).status).toBe(status);
      const { generations, metrics } = await generationsSince(before);
      expect(generations).toHaveLength(2);
      for (const g of generations) {
        expect(g.level).toBe('ERROR');
        expect(g.attributes['error.type']).toBe(status === 429 ? 'RateLimitError' : 'InternalServerError');
      }
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { status: 'error' })).toBe(
        errorsBefore + 2,
      );
    },
  );

  it('records nothing of its own inside trackLlmCall: one call, one generation', async () => {
    const before = await mark();
    await trackLlmCall({ model: 'gpt-4o-mini' }, async (generation) => {
      const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      generation.setUsage(res.usage ?? {});
      return res;
    });
    const { generations } = await generationsSince(before);
    expect(generations).toHaveLength(1);
  });
});
