import { ChatAnthropic } from '@langchain/anthropic';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import { ChatOpenAI } from '@langchain/openai';
import { startAnthropicServer, startGeminiServer, startOpenAIServer } from '@tradingagents/testkit';
import { langGraphPipeline } from '../graph/run.js';
import type { Pipeline } from '../pipeline.js';
import { createLangChainTools, type ToolSpecs } from '../tools.js';
import { createAnthropicRoleResponder } from './anthropic.js';
import { createGeminiRoleResponder } from './gemini.js';
import { createRoleResponder } from './openai.js';

/** The model providers the agents can run on (`--provider`). */
export const PROVIDERS = ['openai', 'anthropic', 'google', 'ai-sdk', 'openai-agents'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Providers whose framework needs Node >= 22 (`ai` 7, `@openai/agents` with `openai` 7). */
export const NODE22_PROVIDERS: readonly Provider[] = ['ai-sdk', 'openai-agents'];

/** Providers that talk to the OpenAI API (`OPENAI_*` env vars, the embedded OpenAI-compatible server). */
export const OPENAI_PROVIDERS: readonly Provider[] = ['openai', 'ai-sdk', 'openai-agents'];

/** The model each provider uses unless `--model` says otherwise (all in the price table). */
export const DEFAULT_MODEL: Readonly<Record<Provider, string>> = Object.freeze({
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
  'ai-sdk': 'gpt-4o-mini',
  'openai-agents': 'gpt-4o-mini',
});

/** Where the agents' models run: the embedded offline server, or a real endpoint. */
export interface LlmEndpoint {
  /** `embedded` when the in-process server answers. */
  readonly kind: 'embedded' | 'remote';
  /** Shown to the user. */
  readonly description: string;
  /** Runs the agents of one analysis on the provider's framework. */
  readonly runPipeline: Pipeline;
  /** Make the embedded server answer HTTP 500 to every request of this analysis. */
  failAnalysis(user: string): void;
  close(): Promise<void>;
}

export interface LlmEndpointOptions {
  /** @default 'openai' */
  provider?: Provider;
  model: string;
  latencyMs: number;
  /** The analysts' tools, which each provider's framework wraps in its own tool type. */
  tools: ToolSpecs;
  env?: Readonly<Partial<Record<string, string>>>;
}

/** An OpenAI API endpoint: the one `OPENAI_API_KEY` / `OPENAI_BASE_URL` name, or the embedded server. */
interface OpenAIBackend extends Omit<LlmEndpoint, 'runPipeline'> {
  /** `undefined`: the SDK's default (api.openai.com). */
  readonly baseURL: string | undefined;
  readonly apiKey: string;
  /** Retries of a failed call: one quick retry offline, so an injected failure fails the analysis. */
  readonly maxRetries: number;
}

async function openOpenAIBackend(options: LlmEndpointOptions): Promise<OpenAIBackend> {
  const env = options.env ?? process.env;
  const apiKey = env.OPENAI_API_KEY;
  const baseURL = env.OPENAI_BASE_URL;
  if (apiKey !== undefined || baseURL !== undefined) {
    return {
      kind: 'remote',
      baseURL,
      apiKey: apiKey ?? 'unused',
      description: `${baseURL ?? 'https://api.openai.com/v1'} (model ${options.model})`,
      maxRetries: 3,
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
    baseURL: server.url,
    apiKey: 'sk-offline-demo',
    description: `embedded offline LLM at ${server.url} (model ${options.model})`,
    maxRetries: 1,
    failAnalysis: (user) => failingUsers.add(user),
    close: () => server.close(),
  };
}

/**
 * The agents on the provider's framework: LangGraph with LangChain chat models (`openai`,
 * `anthropic`, `google`), the Vercel AI SDK (`ai-sdk`) or the OpenAI Agents SDK (`openai-agents`).
 * The OpenAI ones use `OPENAI_API_KEY` / `OPENAI_BASE_URL` when either is set, otherwise the embedded,
 * deterministic OpenAI-compatible server on loopback (Chat Completions and Responses). Either way
 * the app talks to it through the framework's ordinary client, so the real instrumentation path runs.
 */
export async function openLlmEndpoint(options: LlmEndpointOptions): Promise<LlmEndpoint> {
  if (options.provider === 'google') return openGeminiEndpoint(options);
  if (options.provider === 'anthropic') return openAnthropicEndpoint(options);
  const backend = await openOpenAIBackend(options);
  const target = { baseURL: backend.baseURL, apiKey: backend.apiKey, model: options.model };
  let runPipeline: Pipeline;
  if (options.provider === 'ai-sdk') {
    // Loaded only for this provider: `ai` 7 needs Node >= 22 (the CLI checks it).
    const { aiSdkPipeline } = await import('./ai-sdk.js');
    runPipeline = aiSdkPipeline({ ...target, maxRetries: backend.maxRetries }, options.tools);
  } else if (options.provider === 'openai-agents') {
    const { openAIAgentsPipeline } = await import('./openai-agents.js');
    runPipeline = openAIAgentsPipeline(target, options.tools);
  } else {
    runPipeline = langGraphPipeline(
      ({ user }) =>
        new ChatOpenAI({
          model: options.model,
          apiKey: backend.apiKey,
          configuration: backend.baseURL === undefined ? {} : { baseURL: backend.baseURL },
          temperature: 0,
          // Streamed calls (`.stream()`) report usage in their last chunk.
          streamUsage: true,
          ...(backend.kind === 'embedded' ? { user } : {}),
          maxRetries: backend.maxRetries,
        }),
      createLangChainTools(options.tools),
    );
  }
  const { kind, description, failAnalysis, close } = backend;
  return { kind, description, runPipeline, failAnalysis, close };
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
      runPipeline: langGraphPipeline(
        () => new ChatGoogleGenerativeAI({ model: options.model, apiKey, temperature: 0, maxRetries: 3 }),
        createLangChainTools(options.tools),
      ),
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
    runPipeline: langGraphPipeline(
      () =>
        new ChatGoogleGenerativeAI({
          model: options.model,
          apiKey: 'offline-demo-key',
          baseUrl: server.url,
          temperature: 0,
          maxRetries: 1,
        }),
      createLangChainTools(options.tools),
    ),
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
      runPipeline: langGraphPipeline(
        () => new ChatAnthropic({ model: options.model, apiKey, temperature: 0, maxRetries: 3 }),
        createLangChainTools(options.tools),
      ),
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
    runPipeline: langGraphPipeline(
      ({ user }) =>
        new ChatAnthropic({
          model: options.model,
          apiKey: 'sk-ant-offline-demo',
          anthropicApiUrl: server.url,
          temperature: 0,
          maxRetries: 1,
          // The API's own field for the end user: the embedded server keys failure injection on it.
          invocationKwargs: { metadata: { user_id: user } },
        }),
      createLangChainTools(options.tools),
    ),
    failAnalysis: (user) => failingUsers.add(user),
    close: () => server.close(),
  };
}
