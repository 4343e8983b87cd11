import { ChatOpenAI } from '@langchain/openai';
import { startOpenAIServer } from '@tradingagents/testkit';
import { createRoleResponder } from './responder.js';

/** Where the chat models go: the embedded offline server, or a real OpenAI-compatible endpoint. */
export interface LlmEndpoint {
  /** `embedded` when the in-process server answers. */
  readonly kind: 'embedded' | 'remote';
  /** Shown to the user. */
  readonly description: string;
  /** A chat model client; `user` tags the requests of one analysis (used for failure injection). */
  chatModel(options: { user: string }): ChatOpenAI;
  /** Make the embedded server answer HTTP 500 to every request of this analysis. */
  failAnalysis(user: string): void;
  close(): Promise<void>;
}

export interface LlmEndpointOptions {
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
