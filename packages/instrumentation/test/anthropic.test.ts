import Anthropic, { APIPromise } from '@anthropic-ai/sdk';
import { ChatAnthropic } from '@langchain/anthropic';
import { trackAgent, trackLlmCall, trackTool } from '@tradingagents/telemetry';
import { type LangfuseObservation, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AnthropicHarness, startAnthropicHarness } from './support/anthropic-setup.js';
import { numberAttr } from './support/setup.js';

const MODEL = 'claude-sonnet-5-5';
// Anthropic's meaning: input_tokens excludes the cache reads and cache writes.
const CACHED = {
  inputTokens: 300,
  cacheReadInputTokens: 1000,
  cacheCreationInputTokens: 200,
  outputTokens: 50,
};
// claude-sonnet-5-5 in the core's table: input 2, cache read 0.1, cache write 2.5, output 10 per 1M.
const CACHED_COST = (300 * 2 + 1000 * 0.1 + 200 * 2.5 + 50 * 10) / 1e6;

const ask = (content: string) => ({
  model: MODEL,
  max_tokens: 256,
  messages: [{ role: 'user' as const, content }],
});

describe('Anthropic SDK instrumentation', () => {
  let h: AnthropicHarness;
  let client: Anthropic;

  beforeAll(async () => {
    h = await startAnthropicHarness(
      {
        responder: (request) => {
          if (request.lastIsToolResult) return { text: 'NVDA trades at 120.', usage: { outputTokens: 7 } };
          if (request.lastUserText.includes('price')) {
            return { toolUses: [{ name: 'get_price', input: { ticker: 'NVDA' } }], usage: CACHED };
          }
          if (request.lastUserText.includes('cache')) return { text: 'Cached answer.', usage: CACHED };
          if (request.lastUserText.includes('break')) return { streamErrorAfter: 3 };
          return undefined;
        },
        streamChunkDelayMs: 1,
      },
      true,
    );
    client = new Anthropic({ apiKey: 'test', baseURL: h.anthropic.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => {
    h.anthropic.setFault(undefined);
  });

  const mark = async () => (await h.collect()).observations.length;
  const since = async (before: number) => {
    const { observations, metrics } = await h.collect();
    const fresh = observations.slice(before);
    return { fresh, generations: fresh.filter((o) => o.type === 'generation'), metrics };
  };

  const expectCachedUsage = (g: LangfuseObservation | undefined) => {
    // The core's totals: input includes the cache reads and writes, which are parts of it.
    expect(numberAttr(g, 'gen_ai.usage.input_tokens')).toBe(1500);
    expect(numberAttr(g, 'gen_ai.usage.output_tokens')).toBe(50);
    expect(numberAttr(g, 'gen_ai.usage.cache_read.input_tokens')).toBe(1000);
    expect(g?.usageDetails).toMatchObject({
      input: 300,
      input_cached_tokens: 1000,
      input_cache_creation: 200,
      output: 50,
    });
    expect(numberAttr(g, 'gen_ai.usage.cost')).toBeCloseTo(CACHED_COST, 12);
    expect(g?.costDetails.input_cache_creation).toBeCloseTo((200 * 2.5) / 1e6, 12);
  };

  it('returns the SDK APIPromise, and records a JSON message with exact usage by token type and cost under the agent', async () => {
    const before = await mark();
    let promise: unknown;
    const message = await trackAgent('analyst', async () => {
      promise = client.messages.create(ask('use the cache'));
      return promise as Promise<Anthropic.Message>;
    });
    expect(promise).toBeInstanceOf(APIPromise);
    const { generations, metrics } = await since(before);
    expect(generations).toHaveLength(1);
    const [g] = generations;
    expect(g?.name).toBe(`chat ${MODEL}`);
    expect(g?.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(g?.attributes['gen_ai.agent.name']).toBe('analyst');
    expect(g?.attributes['gen_ai.response.id']).toBe(message.id);
    expect(g?.attributes['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
    expectCachedUsage(g);
    const tokens = (type: string) =>
      sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: 'analyst', type });
    expect([tokens('input'), tokens('cache_read'), tokens('cache_write'), tokens('output')]).toEqual([
      1500, 1000, 200, 50,
    ]);
    expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: 'analyst' })).toBeCloseTo(
      CACHED_COST,
      12,
    );
    expect(g?.output).toEqual([{ role: 'assistant', content: [{ type: 'text', text: 'Cached answer.' }] }]);
  });

  it('keeps withResponse() working on the returned promise', async () => {
    const { data, response } = await client.messages.create(ask('hello')).withResponse();
    expect(response.status).toBe(200);
    expect(data.type).toBe('message');
  });

  it('records messages.stream(): usage from message_start and message_delta, helpers intact', async () => {
    const before = await mark();
    const stream = client.messages.stream(ask('use the cache, streamed'));
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expect(text).toBe('Cached answer.');
    expect(final.usage.output_tokens).toBe(50);
    const { generations } = await since(before);
    expect(generations).toHaveLength(1);
    expectCachedUsage(generations[0]);
    expect(generations[0]?.completionStartTime).not.toBeNull();
    expect(generations[0]?.attributes['gen_ai.response.id']).toBe(final.id);
  });

  it('records create({ stream: true }) read as an async iterable', async () => {
    const before = await mark();
    const stream = await client.messages.create({ ...ask('cache me'), stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    const { generations } = await since(before);
    expect(generations).toHaveLength(1);
    expectCachedUsage(generations[0]);
  });

  it('records an agent loop with a tool: tool_use blocks as output, the tool run through trackTool', async () => {
    const before = await mark();
    await trackAgent('trader', async () => {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'what is the price of NVDA?' }];
      for (let turn = 0; turn < 3; turn++) {
        const reply = await client.messages
          .stream({ model: MODEL, max_tokens: 256, messages, tools: [] })
          .finalMessage();
        messages.push({ role: 'assistant', content: reply.content });
        const uses = reply.content.filter((b) => b.type === 'tool_use');
        if (uses.length === 0) return reply;
        const results = await Promise.all(
          uses.map(async (use) => ({
            type: 'tool_result' as const,
            tool_use_id: use.id,
            content: await trackTool('get_price', async () => '120'),
          })),
        );
        messages.push({ role: 'user', content: results });
      }
      throw new Error('no answer');
    });
    const { fresh, generations } = await since(before);
    const agent = fresh.find((o) => o.type === 'agent');
    expect(generations).toHaveLength(2);
    expect(fresh.filter((o) => o.type === 'tool').map((o) => o.name)).toEqual(['get_price']);
    for (const o of [...generations, ...fresh.filter((x) => x.type === 'tool')]) {
      expect(o.parentObservationId).toBe(agent?.id);
    }
    expect(generations[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
    expect(generations[0]?.output).toEqual([
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: expect.any(String), name: 'get_price', input: { ticker: 'NVDA' } }],
      },
    ]);
  });

  it('records client.beta.messages.create and .stream the same way', async () => {
    const before = await mark();
    await client.beta.messages.create(ask('use the cache, beta'));
    await client.beta.messages.stream(ask('use the cache, beta streamed')).finalMessage();
    const { generations } = await since(before);
    expect(generations).toHaveLength(2);
    for (const g of generations) expectCachedUsage(g);
  });

  it.each([
    [429, 'RateLimitError'],
    [500, 'InternalServerError'],
    [529, 'OverloadedError'],
  ])('records a %i as an error of its type, and rethrows the same error', async (status, type) => {
    const before = await mark();
    h.anthropic.setFault({ status });
    const json = await client.messages.create(ask('hello')).catch((e: unknown) => e);
    expect(json).toBeInstanceOf(Anthropic.APIError);
    expect(json?.constructor.name).toBe(type);
    const streamed = await client.messages
      .stream(ask('hello'))
      .finalMessage()
      .catch((e: unknown) => e);
    expect((streamed as { status?: number }).status).toBe(status);
    const { generations, metrics } = await since(before);
    expect(generations).toHaveLength(2);
    for (const g of generations) {
      expect(g.level).toBe('ERROR');
      expect(g.attributes['error.type']).toBe(type);
    }
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { status: 'error' })).toBeGreaterThan(0);
  });

  it('records an error event in the stream, and an aborted stream, as errors', async () => {
    const before = await mark();
    const broken = await client.messages
      .stream(ask('break it'))
      .finalMessage()
      .catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(Anthropic.APIError);
    const stream = client.messages.stream(ask('a long story'));
    stream.on('text', () => stream.abort());
    const aborted = await stream.finalMessage().catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(Anthropic.APIUserAbortError);
    const { generations } = await since(before);
    expect(generations.map((g) => g.attributes['error.type'])).toEqual(['APIError', 'APIUserAbortError']);
  });

  it('records nothing of its own inside trackLlmCall or a LangChain ChatAnthropic: one call, one generation', async () => {
    const before = await mark();
    await trackLlmCall({ model: MODEL, provider: 'anthropic' }, async (generation) => {
      const res = await client.messages.create(ask('hello'));
      generation.setUsage(res.usage);
      return res;
    });
    const chat = new ChatAnthropic({
      model: MODEL,
      apiKey: 'test',
      anthropicApiUrl: h.anthropic.url,
      maxRetries: 0,
    });
    await trackAgent('lc_agent', () => chat.invoke('use the cache'));
    let streamed = '';
    for await (const chunk of await chat.stream('use the cache')) streamed += String(chunk.content);
    expect(streamed).toBe('Cached answer.');
    const { generations } = await since(before);
    expect(h.anthropic.requests.filter((r) => r.path === '/v1/messages').length).toBeGreaterThanOrEqual(3);
    expect(generations).toHaveLength(3);
    const lc = generations.find((g) => g.attributes['gen_ai.agent.name'] === 'lc_agent');
    expect(numberAttr(lc, 'gen_ai.usage.cache_read.input_tokens')).toBe(1000);
  });
});
