import type { RecordedRequest } from '../http/types.js';

/** The OpenAI endpoint a request addressed. */
export type OpenAIEndpoint = 'chat' | 'responses' | 'embeddings';

/** What a {@link Responder} is asked to answer. */
export interface ResponderRequest {
  /** `chat` for `/v1/chat/completions`, `responses` for `/v1/responses`, `embeddings` for `/v1/embeddings`. */
  endpoint: OpenAIEndpoint;
  /** The `model` field of the request. */
  model: string;
  /** Chat Completions `messages`; `undefined` for the other endpoints. */
  messages?: unknown[];
  /** Responses API or embeddings `input` (string or array); `undefined` for chat. */
  input?: unknown;
  /** The `tools` of the request, `[]` when none. */
  tools: unknown[];
  /** Text of the last user message (or the embeddings input joined by newlines), `''` when none. */
  lastUserMessage: string;
  /** Whether the last message is a tool result (`role: 'tool'`, or a `function_call_output` item). */
  lastMessageIsToolResult: boolean;
  /** 0-based index of this API request on the server (faulted and rejected requests excluded). */
  index: number;
  /** The whole parsed JSON body. */
  body: Record<string, unknown>;
}

/** A tool call the model should make. */
export interface ScriptedToolCall {
  /** Function name. */
  name: string;
  /** Arguments; an object is JSON-encoded, a string is sent verbatim. */
  arguments: Record<string, unknown> | string;
  /** Call id; generated (`call_…`) when omitted. */
  id?: string;
}

/** Token counts to report instead of the ones estimated from text lengths. */
export interface UsageOverrides {
  promptTokens?: number;
  completionTokens?: number;
  /** Reported as `prompt_tokens_details.cached_tokens` / `input_tokens_details.cached_tokens`. */
  cachedTokens?: number;
  /** Reported as `completion_tokens_details.reasoning_tokens` / `output_tokens_details.reasoning_tokens`. */
  reasoningTokens?: number;
}

/** An OpenAI-shaped error reply. */
export interface ScriptedError {
  /** HTTP status, e.g. 400, 401, 404, 429, 500, 503. */
  status: number;
  /** `error.message`; a status-specific default when omitted. */
  message?: string;
  /** `error.type`; a status-specific default when omitted (`requests` for 429, `server_error` for 5xx, …). */
  type?: string;
  /** `error.code`; a status-specific default when omitted (`rate_limit_exceeded` for 429). */
  code?: string | null;
  /** Sets `retry-after` (seconds) and `retry-after-ms`, which the openai SDK honours when retrying. */
  retryAfterSeconds?: number;
}

/** How the server should answer one request. Every field is optional. */
export interface ScriptedReply {
  /** Assistant text. Defaults to the deterministic text unless `toolCalls` is given. */
  content?: string;
  /** Tool calls to return (`finish_reason: 'tool_calls'` on chat, `function_call` items on responses). */
  toolCalls?: ScriptedToolCall[];
  /** Chat `finish_reason`; defaults to `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  /** Usage to report instead of the estimate. */
  usage?: UsageOverrides;
  /** Vectors for `/v1/embeddings`, one per input; deterministic hash-based vectors when omitted. */
  embeddings?: number[][];
  /** Delay before the first byte, replacing the server-wide `latencyMs` for this request. */
  latencyMs?: number;
  /** Answer with this error instead of a completion. */
  error?: ScriptedError;
}

/**
 * Decides the reply to one API request. Return `undefined` to fall back to the default reply.
 * A thrown error is answered as a 500 carrying its message.
 */
export type Responder = (
  request: ResponderRequest,
) => ScriptedReply | undefined | Promise<ScriptedReply | undefined>;

/**
 * A fault injected into every authenticated `/v1/*` request until it is used up.
 *
 * The openai SDK retries 408/409/429/5xx by default (`maxRetries: 2`, so up to 3 attempts per call),
 * honouring `retry-after` / `retry-after-ms`; set `times` to at least `maxRetries + 1` to make a call
 * fail, or pass `maxRetries: 0` to the client.
 */
export interface OpenAIFault {
  /** HTTP status to answer, typically 429, 500 or 503. */
  status: number;
  /** How many requests fail before the fault clears itself. @default Infinity (until `setFault(undefined)`) */
  times?: number;
  /** Adds `retry-after` (seconds, may be fractional) and `retry-after-ms` headers. @default none */
  retryAfterSeconds?: number;
  /** Wait this long before answering the error. @default 0 */
  delayMs?: number;
  /** `error.message`; a status-specific default when omitted. */
  message?: string;
}

/** Options for {@link startOpenAIServer}. */
export interface OpenAIServerOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Delay before every answer (time to first byte). @default 0 */
  latencyMs?: number;
  /** Delay between streamed SSE events. @default 0 */
  streamChunkDelayMs?: number;
  /** Decides replies; see {@link Responder}. @default the deterministic offline responder */
  responder?: Responder;
  /** Model ids listed by `GET /v1/models`. @default ['gpt-4o-mini', 'gpt-4.1-mini', 'text-embedding-3-small'] */
  models?: string[];
  /** Length of embedding vectors when the request has no `dimensions`. @default 1536 */
  embeddingDimensions?: number;
  /** Largest accepted request body. @default 16 MiB */
  maxBodyBytes?: number;
}

/** A running OpenAI-compatible server. */
export interface OpenAIServerHandle {
  /** Base URL for SDK clients, e.g. `http://127.0.0.1:43123/v1`. */
  readonly url: string;
  /** The port listened on. */
  readonly port: number;
  /** Every request received, in arrival order (including rejected ones). */
  readonly requests: RecordedRequest[];
  /** Installs (or with `undefined` clears) a fault; see {@link OpenAIFault}. */
  setFault(fault: OpenAIFault | undefined): void;
  /** Stops listening and destroys open connections. Idempotent. */
  close(): Promise<void>;
}
