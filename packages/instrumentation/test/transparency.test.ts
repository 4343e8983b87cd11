import { startOpenAIServer } from '@tradingagents/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/setup.js';

/** Drops what differs between two runs by nature (clock time), nothing else. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'created' || key === 'created_at' ? 0 : v)));
}

function describeError(error: unknown) {
  const e = error as { constructor: { name: string }; status?: number; message?: string; error?: unknown };
  return { type: e.constructor.name, status: e.status, message: e.message, error: e.error };
}

/** The same calls, every shape: JSON, streams, tool calls, the Responses API, embeddings, errors. */
async function script(client: OpenAI, setFault: (status: number | undefined) => void) {
  const out: Record<string, unknown> = {};
  const messages = [{ role: 'user' as const, content: 'Summarise NVDA' }];
  out.json = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const chunks = [];
  for await (const c of await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    stream: true,
  }))
    chunks.push(c);
  out.stream = chunks;
  const usageChunks = [];
  const streamWithUsage = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const c of streamWithUsage) usageChunks.push(c);
  out.streamWithUsage = usageChunks;
  out.tools = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'weather?' }],
  });
  // A consumer that stops early, and one that tees.
  const early = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
  for await (const c of early) {
    out.early = c;
    break;
  }
  const [left, right] = (
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })
  ).tee();
  const teed: unknown[] = [];
  for await (const c of left) teed.push(c);
  for await (const c of right) teed.push(c);
  out.teed = teed;
  out.response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Summarise NVDA' });
  const events = [];
  for await (const e of await client.responses.create({ model: 'gpt-4o-mini', input: 'x', stream: true }))
    events.push(e);
  out.responseEvents = events;
  out.embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
  setFault(429);
  out.rateLimited = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages })
    .catch(describeError);
  setFault(500);
  out.serverError = await client.responses
    .create({ model: 'gpt-4o-mini', input: 'x', stream: true })
    .catch(describeError);
  setFault(undefined);
  out.badRequest = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages: 'not an array' as never })
    .catch(describeError);
  return normalise(out);
}

describe('instrumented and uninstrumented calls are indistinguishable to the caller', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const responder = (request: { lastUserMessage: string }) =>
    request.lastUserMessage.includes('weather')
      ? { toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] }
      : undefined;

  async function runOnFreshServer(): Promise<unknown> {
    const server = await startOpenAIServer({ responder });
    try {
      const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      return await script(client, (status) => server.setFault(status === undefined ? undefined : { status }));
    } finally {
      await server.close();
    }
  }

  it('gives identical results, thrown errors and stream chunks', async () => {
    h.openaiInstrumentation.disable();
    const plain = await runOnFreshServer();
    h.openaiInstrumentation.enable();
    const before = (await h.collect()).observations.length;
    const instrumented = await runOnFreshServer();
    expect(instrumented).toEqual(plain);
    // Not vacuous: the instrumented run was recorded (12 calls, the early-stopped one included).
    const { observations } = await h.collect();
    const recorded = observations
      .slice(before)
      .filter((o) => o.type === 'generation' || o.type === 'embedding');
    expect(recorded).toHaveLength(12);
    expect(recorded.filter((o) => o.level === 'ERROR')).toHaveLength(3);
  });

  it('asks for stream usage only when includeStreamUsage is on and the caller did not say, without mutating the params', async () => {
    const client = new OpenAI({ apiKey: 'test', baseURL: h.openai.url, maxRetries: 0 });
    const params = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'hi' }],
      stream: true as const,
    };
    const copy = structuredClone(params);
    const drain = async (p: typeof params & { stream_options?: { include_usage: boolean } }) => {
      const chunks = [];
      for await (const c of await client.chat.completions.create(p)) chunks.push(c);
      return chunks;
    };
    const lastBody = () => h.openai.requests.at(-1)?.body as Record<string, unknown>;

    await drain(params);
    expect(lastBody().stream_options).toBeUndefined();

    h.openaiInstrumentation.setConfig({ includeStreamUsage: true });
    try {
      const before = (await h.collect()).observations.length;
      const chunks = await drain(params);
      expect(params).toEqual(copy);
      expect(lastBody().stream_options).toEqual({ include_usage: true });
      const usage = chunks.at(-1)?.usage;
      expect(usage?.prompt_tokens).toBeGreaterThan(0);
      const { observations } = await h.collect();
      const [g] = observations.slice(before).filter((o) => o.type === 'generation');
      expect(g?.attributes['gen_ai.usage.input_tokens']).toBe(usage?.prompt_tokens);

      await drain({ ...params, stream_options: { include_usage: false } });
      expect(lastBody().stream_options).toEqual({ include_usage: false });
    } finally {
      h.openaiInstrumentation.setConfig({});
    }
  });
});
