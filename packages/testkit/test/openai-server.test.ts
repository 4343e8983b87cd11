import OpenAI, { APIError, RateLimitError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAIServerHandle, type Responder, startOpenAIServer } from '../src/index.js';

let server: OpenAIServerHandle;
let client: OpenAI;

async function start(options: Parameters<typeof startOpenAIServer>[0] = {}): Promise<void> {
  server = await startOpenAIServer(options);
  client = new OpenAI({ baseURL: server.url, apiKey: 'sk-test', maxRetries: 0 });
}

afterEach(async () => {
  await server?.close();
});

describe('chat completions', () => {
  beforeEach(() => start());

  it('answers JSON with a deterministic reply and realistic usage', async () => {
    const messages = [{ role: 'user' as const, content: 'What is the outlook for ACME?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(first.object).toBe('chat.completion');
    expect(first.model).toBe('gpt-4o-mini');
    expect(first.id).toMatch(/^chatcmpl-/);
    expect(first.choices[0].finish_reason).toBe('stop');
    expect(first.choices[0].message.role).toBe('assistant');
    const content = first.choices[0].message.content ?? '';
    expect(content.length).toBeGreaterThan(20);
    expect(second.choices[0].message.content).toBe(content);
    expect(first.usage).toMatchObject({
      prompt_tokens: Math.ceil('What is the outlook for ACME?'.length / 4),
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: Math.ceil('What is the outlook for ACME?'.length / 4) + Math.ceil(content.length / 4),
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(first._request_id).toMatch(/^req_/);
  });

  it('gives different messages different replies', async () => {
    const ask = (content: string) =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
    const [a, b] = await Promise.all([ask('first question'), ask('second question')]);
    expect(a.choices[0].message.content).not.toBe(b.choices[0].message.content);
  });

  it('streams content over several chunks and puts usage in a final chunk with no choices', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(1);
    const text = contentChunks.map((chunk) => chunk.choices[0].delta.content).join('');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(Math.ceil(text.length / 4));
    expect(last?.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);

    const json = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream please' }],
    });
    expect(text).toBe(json.choices[0].message.content);
  });

  it('sends no usage in the stream without include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'no usage' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
  });

  it('does not call tools by default even when tools are offered', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'price of ACME?' }],
      tools: [
        { type: 'function', function: { name: 'get_price', parameters: { type: 'object', properties: {} } } },
      ],
    });
    expect(completion.choices[0].message.tool_calls).toBeUndefined();
    expect(completion.choices[0].finish_reason).toBe('stop');
  });
});

describe('scripted replies', () => {
  const toolResponder: Responder = (request) =>
    request.lastMessageIsToolResult
      ? { content: 'ACME trades at 42.', usage: { promptTokens: 100, cachedTokens: 40, reasoningTokens: 5 } }
      : { toolCalls: [{ name: 'get_price', arguments: { ticker: 'ACME' } }] };

  beforeEach(() => start({ responder: toolResponder }));

  it('returns a tool call that the SDK parses, then the final answer after the tool result', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_price',
          parameters: { type: 'object', properties: { ticker: { type: 'string' } } },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'price of ACME?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const message = first.choices[0].message;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBeNull();
    const call = message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe('get_price');
    expect(JSON.parse(call.function.arguments)).toEqual({ ticker: 'ACME' });

    messages.push(message, { role: 'tool', tool_call_id: call.id, content: '{"price":42}' });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    expect(second.choices[0].message.content).toBe('ACME trades at 42.');
    expect(second.usage).toMatchObject({
      prompt_tokens: 100,
      prompt_tokens_details: { cached_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });

    const request = server.requests.at(-1);
    expect(request?.body).toMatchObject({ model: 'gpt-4o-mini', tools });
    expect(request?.headers.authorization).toBe('Bearer sk-test');
  });

  it('streams tool-call deltas that the SDK stream helper assembles', async () => {
    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'price of ACME?' }],
      tools: [{ type: 'function', function: { name: 'get_price', parameters: { type: 'object' } } }],
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_price');
    expect(JSON.parse(call.function.arguments)).toEqual({ ticker: 'ACME' });
    expect(final.choices[0].finish_reason).toBe('tool_calls');
  });

  it('answers a scripted error as an APIError', async () => {
    await server.close();
    await start({
      responder: () => ({ error: { status: 400, message: 'bad prompt', code: 'invalid_prompt' } }),
    });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_prompt',
      message: expect.stringContaining('bad prompt'),
    });
  });
});

describe('responses API', () => {
  beforeEach(() => start());

  it('answers a response object with output text and usage', async () => {
    const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Summarise ACME.' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant' });
    expect(response.output_text.length).toBeGreaterThan(20);
    expect(response.usage).toMatchObject({
      input_tokens: Math.ceil('Summarise ACME.'.length / 4),
      output_tokens: Math.ceil(response.output_text.length / 4),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
  });

  it('streams the real event sequence, ending with response.completed carrying usage', async () => {
    const stream = await client.responses.create({
      model: 'gpt-4.1-mini',
      input: [{ role: 'user', content: 'Summarise ACME.' }],
      stream: true,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1);
    if (completed?.type !== 'response.completed') throw new Error('expected response.completed');
    expect(completed.response.usage?.output_tokens).toBeGreaterThan(0);
    const deltas = events.flatMap((event) =>
      event.type === 'response.output_text.delta' ? [event.delta] : [],
    );
    const item = completed.response.output[0];
    if (item.type !== 'message' || item.content[0].type !== 'output_text')
      throw new Error('expected output text');
    expect(deltas.join('')).toBe(item.content[0].text);
  });

  it('works with the SDK stream helper and function calls', async () => {
    await server.close();
    await start({ responder: () => ({ toolCalls: [{ name: 'lookup', arguments: '{"q":"ACME"}' }] }) });
    const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: 'look it up' });
    const final = await stream.finalResponse();
    expect(final.output[0]).toMatchObject({
      type: 'function_call',
      name: 'lookup',
      arguments: '{"q":"ACME"}',
    });
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
  });
});

describe('embeddings and models', () => {
  beforeEach(() => start({ embeddingDimensions: 8 }));

  it('decodes the default base64 encoding into deterministic unit vectors', async () => {
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
    });
    expect(server.requests.at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
    expect(result.data.map((d) => d.index)).toEqual([0, 1]);
    expect(result.data[0].embedding).toHaveLength(8);
    const norm = Math.hypot(...result.data[0].embedding);
    expect(norm).toBeCloseTo(1, 5);
    // ceil(5 / 4) + ceil(4 / 4) tokens.
    expect(result.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });

    const again = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'alpha',
      encoding_format: 'float',
    });
    expect(again.data[0].embedding).toEqual(result.data[0].embedding);
    expect(again.data[0].object).toBe('embedding');
  });

  it('honours dimensions and lists models', async () => {
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'x',
      dimensions: 3,
    });
    expect(result.data[0].embedding).toHaveLength(3);
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
  });
});

describe('faults and protocol errors', () => {
  beforeEach(() => start());

  it('surfaces a 500 as an APIError with status 500 when retries are off', async () => {
    server.setFault({ status: 500, times: 1 });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect((error as APIError).type).toBe('server_error');
    // The fault was used up: the next call succeeds.
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    ).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('lets the SDK retry a 429 honouring retry-after, then succeed', async () => {
    const retrying = new OpenAI({ baseURL: server.url, apiKey: 'sk-test', maxRetries: 2 });
    server.setFault({ status: 429, times: 2, retryAfterSeconds: 0.05 });
    const started = Date.now();
    const completion = await retrying.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'retry me' }],
    });
    expect(completion.choices[0].message.content).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const statuses = server.requests.map((request) => request.status);
    expect(statuses).toEqual([429, 429, 200]);
    expect(server.requests[1].headers['x-stainless-retry-count']).toBe('1');
  });

  it('raises RateLimitError once retries are exhausted', async () => {
    const retrying = new OpenAI({ baseURL: server.url, apiKey: 'sk-test', maxRetries: 1 });
    server.setFault({ status: 429, retryAfterSeconds: 0 });
    const error = await retrying.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('rate_limit_exceeded');
    expect(server.requests).toHaveLength(2);
    server.setFault(undefined);
  });

  it('rejects a missing bearer token and unknown paths with OpenAI-shaped errors', async () => {
    const noAuth = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error: { type: 'invalid_request_error' } });

    const unknown = await fetch(`${server.url}/nope`, { headers: { authorization: 'Bearer x' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: 'Invalid URL (GET /v1/nope)' } });

    const invalid = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{"model": "gpt-4o-mini"}',
    });
    expect(invalid.status).toBe(400);
  });

  it('closes promptly with keep-alive connections and streams in flight', async () => {
    await server.close();
    await start({ streamChunkDelayMs: 1000 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'slow' }],
      stream: true,
    });
    const reading = (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await reading).toBeInstanceOf(Error);
  });
});
