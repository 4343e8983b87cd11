import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import { ChatOpenAI } from '@langchain/openai';
import { startAnthropicServer, startGeminiServer, startOpenAIServer } from '@tradingagents/testkit';
import { createAnthropicRoleResponder } from './anthropic.js';
import { createGeminiRoleResponder } from './gemini.js';
import { createRoleResponder } from './openai.js';

/** The model providers the agents can run on (`--provider`). */
export const PROVIDERS = ['openai', 'anthropic', 'google'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The model each provider uses unless `--model` says otherwise (all in the price table). */
export const DEFAULT_MODEL: Readonly<Record<Provider, string>> = Object.freeze({
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
});

/** Where the chat models go: the embedded offline server, or a real OpenAI-compatible endpoint. */
export interface LlmEndpoint {
  /** `embedded` when the in-process server answers. */
  readonly kind: 'embedded' | 'remote';
  /** Shown to the user. */
  readonly description: string;
  /** A chat model client; `user` tags the requests of one analysis (used for failure injection). */
  chatModel(options: { user: string }): BaseChatModel;
  /** Make the embedded server answer HTTP 500 to every request of this analysis. */
  failAnalysis(user: string): void;
  close(): Promise<void>;
}

export interface LlmEndpointOptions {
  /** @default 'openai' */
  provider?: Provider;
  model: string;
  latencyMs: number;
  env?: Readonly<Partial<Record<string, string>>>;
}

/**
 * Uses `OPENAI_API_KEY` / `OPENAI_BASE_URL` when either is set; otherwise starts the embedded,
 * deterministic OpenAI-compatible server on loopback. Either way the app talks to it through the
 * ordinary `ChatOpenAI` client, so the real instrumentation path runs.
 */
export async function openLlmEndpoint(options: LlmEndpointOptions): Promise<LlmEndpoint> {
  if (options.provider === 'google') return openGeminiEndpoint(options);
  if (options.provider === 'anthropic') return openAnthropicEndpoint(options);
  const env = options.env ?? process.env;
  const apiKey = env.OPENAI_API_KEY;
  const baseURL = env.OPENAI_BASE_URL;
  if (apiKey !== undefined || baseURL !== undefined) {
    return {
      kind: 'remote',
      description: `${baseURL ?? 'https://api.openai.com/v1'} (model ${options.model})`,
      chatModel: () =>
        new ChatOpenAI({
          model: options.model,
          apiKey: apiKey ?? 'unused',
          configuration: baseURL === undefined ? {} : { baseURL },
          temperature: 0,
          // Streamed calls (`.stream()`) report usage in their last chunk.
          streamUsage: true,
          maxRetries: 3,
        }),
      failAnalysis: () => {},
      close: async () => {},
    };
  }

  const failingUsers = new Set<string>();
  const server = await startOpenAIServer({
    responder: createRoleResponder({ latencyMs: options.latencyMs, failingUsers }),
    streamChunkDelayMs: 1,
  });
  return {
    kind: 'embedded',
    description: `embedded offline LLM at ${server.url} (model ${options.model})`,
    chatModel: ({ user }) =>
      new ChatOpenAI({
        model: options.model,
        apiKey: 'sk-offline-demo',
        configuration: { baseURL: server.url },
        temperature: 0,
        streamUsage: true,
        user,
        // One quick retry: an injected failure should fail the analysis, not stall it.
        maxRetries: 1,
      }),
    failAnalysis: (user) => failingUsers.add(user),
    close: () => server.close(),
  };
}

/**
 * Gemini through LangChain's `ChatGoogleGenerativeAI` (as TradingAgents runs Google models): the
 * real Gemini API with `GOOGLE_API_KEY`/`GEMINI_API_KEY`, else the embedded Gemini API on loopback,
 * which answers `generateContent` and `streamGenerateContent` in the real wire format.
 */
async function openGeminiEndpoint(options: LlmEndpointOptions): Promise<LlmEndpoint> {
  const env = options.env ?? process.env;
  const apiKey = env.GOOGLE_API_KEY ?? env.GEMINI_API_KEY;
  if (apiKey !== undefined) {
    return {
      kind: 'remote',
      description: `Gemini API (model ${options.model})`,
      chatModel: () =>
        new ChatGoogleGenerativeAI({ model: options.model, apiKey, temperature: 0, maxRetries: 3 }),
      failAnalysis: () => {},
      close: async () => {},
    };
  }
  const server = await startGeminiServer({
    responder: createGeminiRoleResponder({ latencyMs: options.latencyMs, failingUsers: new Set() }),
    streamChunkDelayMs: 1,
  });
  return {
    kind: 'embedded',
    description: `embedded offline Gemini API at ${server.url} (model ${options.model})`,
    chatModel: () =>
      new ChatGoogleGenerativeAI({
        model: options.model,
        apiKey: 'offline-demo-key',
        baseUrl: server.url,
        temperature: 0,
        maxRetries: 1,
      }),
    // The Gemini API has no per-request user field to key failures on (--fail-rate needs openai).
    failAnalysis: () => {},
    close: () => server.close(),
  };
}

/**
 * Claude through LangChain's `ChatAnthropic` (which calls `@anthropic-ai/sdk`: one generation per
 * call, recorded by the LangChain instrumentation, not twice): the real API with `ANTHROPIC_API_KEY`,
 * else the embedded Messages API on loopback (JSON and SSE in the real wire format).
 */
async function openAnthropicEndpoint(options: LlmEndpointOptions): Promise<LlmEndpoint> {
  const env = options.env ?? process.env;
  const apiKey = env.ANTHROPIC_API_KEY;
  if (apiKey !== undefined) {
    return {
      kind: 'remote',
      description: `Anthropic API (model ${options.model})`,
      chatModel: () => new ChatAnthropic({ model: options.model, apiKey, temperature: 0, maxRetries: 3 }),
      failAnalysis: () => {},
      close: async () => {},
    };
  }
  const failingUsers = new Set<string>();
  const server = await startAnthropicServer({
    responder: createAnthropicRoleResponder({ latencyMs: options.latencyMs, failingUsers }),
    streamChunkDelayMs: 1,
  });
  return {
    kind: 'embedded',
    description: `embedded offline Anthropic Messages API at ${server.url} (model ${options.model})`,
    chatModel: ({ user }) =>
      new ChatAnthropic({
        model: options.model,
        apiKey: 'sk-ant-offline-demo',
        anthropicApiUrl: server.url,
        temperature: 0,
        maxRetries: 1,
        // The API's own field for the end user: the embedded server keys failure injection on it.
        invocationKwargs: { metadata: { user_id: user } },
      }),
    failAnalysis: (user) => failingUsers.add(user),
    close: () => server.close(),
  };
}
