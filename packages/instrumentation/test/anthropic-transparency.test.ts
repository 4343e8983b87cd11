import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicServer } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicHarness, startAnthropicHarness } from './support/anthropic-setup.js';

function describeError(error: unknown) {
  const e = error as { constructor: { name: string }; status?: number; message?: string; error?: unknown };
  return { type: e.constructor.name, status: e.status, message: e.message, error: e.error };
}

const MODEL = 'claude-sonnet-5-5';
const ask = (content: string) => ({
  model: MODEL,
  max_tokens: 256,
  messages: [{ role: 'user' as const, content }],
});

/** The same calls, every shape: JSON, raw streams, the stream helper, tools, beta, errors. */
async function script(client: Anthropic, setFault: (status: number | undefined) => void) {
  const out: Record<string, unknown> = {};
  out.json = await client.messages.create(ask('Summarise NVDA'));
  const withResponse = await client.messages.create(ask('Summarise NVDA')).withResponse();
  out.withResponse = { data: withResponse.data, status: withResponse.response.status };
  const events = [];
  for await (const e of await client.messages.create({ ...ask('Summarise NVDA'), stream: true }))
    events.push(e);
  out.events = events;
  const helper = client.messages.stream(ask('price of NVDA?'));
  const texts: string[] = [];
  const jsons: unknown[] = [];
  helper.on('text', (t) => texts.push(t));
  helper.on('inputJson', (_delta, snapshot) => jsons.push(snapshot));
  out.helper = {
    final: await helper.finalMessage(),
    texts,
    jsons,
    text: await helper.finalText().catch(describeError),
  };
  // A consumer that stops early, and one that tees.
  for await (const e of await client.messages.create({ ...ask('Summarise NVDA'), stream: true })) {
    out.early = e;
    break;
  }
  const [left, right] = (await client.messages.create({ ...ask('Summarise NVDA'), stream: true })).tee();
  const teed: unknown[] = [];
  for await (const e of left) teed.push(e);
  for await (const e of right) teed.push(e);
  out.teed = teed;
  out.beta = await client.beta.messages.create(ask('Summarise NVDA'));
  setFault(429);
  out.rateLimited = await client.messages.create(ask('x')).catch(describeError);
  setFault(529);
  out.overloaded = await client.messages.stream(ask('x')).finalMessage().catch(describeError);
  setFault(undefined);
  out.midStream = await client.messages.stream(ask('break it')).finalMessage().catch(describeError);
  out.badRequest = await client.messages.create({ model: MODEL, messages: [] } as never).catch(describeError);
  return JSON.parse(JSON.stringify(out));
}

describe('instrumented and uninstrumented Anthropic calls are indistinguishable to the caller', () => {
  let h: AnthropicHarness;

  beforeAll(async () => {
    h = await startAnthropicHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function runOnFreshServer(): Promise<unknown> {
    const server = await startAnthropicServer({
      responder: (request) => {
        if (request.lastUserText.includes('price')) {
          return {
            text: 'Looking it up.',
            toolUses: [{ id: 'toolu_1', name: 'get_price', input: { ticker: 'NVDA' } }],
          };
        }
        if (request.lastUserText.includes('break')) return { streamErrorAfter: 3 };
        return undefined;
      },
    });
    try {
      const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      return await script(client, (status) => server.setFault(status === undefined ? undefined : { status }));
    } finally {
      await server.close();
    }
  }

  it('gives identical results, thrown errors, stream events and helper events', async () => {
    h.instrumentation.disable();
    const plain = await runOnFreshServer();
    h.instrumentation.enable();
    const before = (await h.collect()).observations.length;
    const instrumented = await runOnFreshServer();
    expect(instrumented).toEqual(plain);
    // Not vacuous: the instrumented run was recorded (11 calls, the early-stopped one included; 4 failed).
    const { observations } = await h.collect();
    const recorded = observations.slice(before).filter((o) => o.type === 'generation');
    expect(recorded).toHaveLength(11);
    expect(recorded.filter((o) => o.level === 'ERROR')).toHaveLength(4);
  });
});
