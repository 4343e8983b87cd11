/**
 * The workload: one LLM call of a provider SDK with one tool definition, non-streamed or streamed
 * (read to the end). The SDK is loaded with `require` only after the variant has set up its
 * instrumentation, so that require hooks see it load.
 */
import type { Framework } from './protocol.js';

/** One call; `streamed` reads an SSE stream to its last event. Resolves to the reply text's length. */
export type CallLlm = (prompt: string, streamed: boolean) => Promise<number>;

const TOOL = {
  name: 'get_quote',
  description: 'Latest quote of a ticker.',
  schema: {
    type: 'object' as const,
    properties: { ticker: { type: 'string' as const } },
    required: ['ticker'],
  },
};

/** `wrap` lets a variant wrap the client (Langfuse's `observeOpenAI`). */
export function createCall(
  framework: Framework,
  url: string,
  wrap: <T extends object>(client: T) => T,
): CallLlm {
  switch (framework) {
    case 'openai':
      return openaiCall(url, wrap);
    case 'anthropic':
      return anthropicCall(url, wrap);
    case 'google-genai':
      return geminiCall(url, wrap);
    case 'ai6':
      return aiSdk6Call(url);
    case 'ai':
      return aiSdkCall(url);
    case 'openai-agents':
      return agentsCall(url);
  }
}

function openaiCall(url: string, wrap: <T extends object>(client: T) => T): CallLlm {
  const { default: OpenAI } = require('openai') as typeof import('openai');
  const client = wrap(new OpenAI({ apiKey: 'sk-bench', baseURL: url, maxRetries: 0 }));
  const tools = [
    {
      type: 'function' as const,
      function: { name: TOOL.name, description: TOOL.description, parameters: TOOL.schema },
    },
  ];
  return async (prompt, streamed) => {
    const messages = [{ role: 'user' as const, content: prompt }];
    if (!streamed) {
      const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
      return reply.choices[0]?.message.content?.length ?? 0;
    }
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    let length = 0;
    for await (const chunk of stream) length += chunk.choices[0]?.delta.content?.length ?? 0;
    return length;
  };
}

function anthropicCall(url: string, wrap: <T extends object>(client: T) => T): CallLlm {
  const { default: Anthropic } = require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk');
  const client = wrap(new Anthropic({ apiKey: 'sk-ant-bench', baseURL: url, maxRetries: 0 }));
  const tools = [{ name: TOOL.name, description: TOOL.description, input_schema: TOOL.schema }];
  const model = 'claude-sonnet-4-5';
  return async (prompt, streamed) => {
    const messages = [{ role: 'user' as const, content: prompt }];
    if (!streamed) {
      const reply = await client.messages.create({ model, max_tokens: 256, messages, tools });
      return reply.content.reduce((n, block) => n + (block.type === 'text' ? block.text.length : 0), 0);
    }
    const stream = await client.messages.create({ model, max_tokens: 256, messages, tools, stream: true });
    let length = 0;
    for await (const event of stream)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        length += event.delta.text.length;
    return length;
  };
}

function geminiCall(url: string, wrap: <T extends object>(client: T) => T): CallLlm {
  const { GoogleGenAI, Type } = require('@google/genai') as typeof import('@google/genai');
  const ai = wrap(new GoogleGenAI({ apiKey: 'bench', httpOptions: { baseUrl: url } }));
  const config = {
    tools: [
      {
        functionDeclarations: [
          {
            name: TOOL.name,
            description: TOOL.description,
            parameters: {
              type: Type.OBJECT,
              properties: { ticker: { type: Type.STRING } },
              required: ['ticker'],
            },
          },
        ],
      },
    ],
  };
  const model = 'gemini-2.5-flash';
  return async (prompt, streamed) => {
    if (!streamed)
      return (await ai.models.generateContent({ model, contents: prompt, config })).text?.length ?? 0;
    let length = 0;
    for await (const chunk of await ai.models.generateContentStream({ model, contents: prompt, config }))
      length += chunk.text?.length ?? 0;
    return length;
  };
}

/**
 * The Vercel AI SDK 6 (`ai-v6`, `@ai-sdk/openai` 3 as `ai-sdk-openai-v3`: aliases of the real
 * packages, which load from their own `node_modules/ai` paths, so hooks see `ai`) against the
 * loopback OpenAI server, with `experimental_telemetry` on in every variant: ai 6 makes its spans only
 * then, and both ours and Langfuse's integration read those spans.
 */
function aiSdk6Call(url: string): CallLlm {
  const { createOpenAI } = require('ai-sdk-openai-v3') as typeof import('ai-sdk-openai-v3');
  const { generateText, jsonSchema, streamText, tool } = require('ai-v6') as typeof import('ai-v6');
  const openai = createOpenAI({ baseURL: url, apiKey: 'sk-bench' });
  const tools = {
    [TOOL.name]: tool({ description: TOOL.description, inputSchema: jsonSchema(TOOL.schema) }),
  };
  const model = openai.chat('gpt-4o-mini');
  const experimental_telemetry = { isEnabled: true };
  return async (prompt, streamed) => {
    if (!streamed) return (await generateText({ model, prompt, tools, experimental_telemetry })).text.length;
    let length = 0;
    for await (const delta of streamText({ model, prompt, tools, experimental_telemetry }).textStream)
      length += delta.length;
    return length;
  };
}

/** The Vercel AI SDK (`ai` 7) with `@ai-sdk/openai` against the loopback OpenAI server. */
function aiSdkCall(url: string): CallLlm {
  const { createOpenAI } = require('@ai-sdk/openai') as typeof import('@ai-sdk/openai');
  const { generateText, jsonSchema, streamText, tool } = require('ai') as typeof import('ai');
  const openai = createOpenAI({ baseURL: url, apiKey: 'sk-bench' });
  const tools = {
    [TOOL.name]: tool({ description: TOOL.description, inputSchema: jsonSchema(TOOL.schema) }),
  };
  const model = openai('gpt-4o-mini');
  return async (prompt, streamed) => {
    if (!streamed) return (await generateText({ model, prompt, tools })).text.length;
    let length = 0;
    for await (const delta of streamText({ model, prompt, tools }).textStream) length += delta.length;
    return length;
  };
}

/**
 * The OpenAI Agents SDK: one agent with one tool, `run()` and `run(…, { stream: true })` read to the
 * end, against the loopback OpenAI server (Responses API). One run is one model call: the server
 * answers with text, so the tool is offered but never called.
 */
function agentsCall(url: string): CallLlm {
  // Read by the OpenAI client the SDK creates; the key is set in code so that the SDK's own trace
  // export to OpenAI (which needs OPENAI_API_KEY in the environment) stays off.
  process.env.OPENAI_BASE_URL = url;
  const { Agent, run, setDefaultOpenAIKey, tool } =
    require('@openai/agents') as typeof import('@openai/agents');
  const { z } = require('zod') as typeof import('zod');
  setDefaultOpenAIKey('sk-bench');
  const agent = new Agent({
    name: 'analyst',
    instructions: 'Answer briefly.',
    model: 'gpt-4o-mini',
    tools: [
      tool({
        name: TOOL.name,
        description: TOOL.description,
        parameters: z.object({ ticker: z.string() }),
        execute: async ({ ticker }) => `${ticker}: 123.45`,
      }),
    ],
  });
  return async (prompt, streamed) => {
    if (!streamed) return String((await run(agent, prompt)).finalOutput ?? '').length;
    const stream = await run(agent, prompt, { stream: true });
    for await (const _event of stream) {
      // Read every event, as a UI would.
    }
    await stream.completed;
    return String(stream.finalOutput ?? '').length;
  };
}
