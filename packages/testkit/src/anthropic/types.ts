import type { RecordedRequest } from '../http/types.js';

/** What an {@link AnthropicResponder} is asked to answer: one `POST /v1/messages`. */
export interface AnthropicRequest {
  /** The `model` field of the request. */
  model: string;
  /** The `messages` of the request. */
  messages: unknown[];
  /** The `system` prompt (string or text blocks), if any. */
  system?: unknown;
  /** The `tools` of the request, `[]` when none. */
  tools: unknown[];
  /** Text of the last user turn (its text blocks joined), `''` when none. */
  lastUserText: string;
  /** Whether the last user turn carries a `tool_result` block. */
  lastIsToolResult: boolean;
  /** 0-based index of this request on the server (faulted and rejected requests excluded). */
  index: number;
  /** The whole parsed JSON body. */
  body: Record<string, unknown>;
}

/** A `tool_use` block the model should return. */
export interface AnthropicScriptedToolUse {
  name: string;
  input: Record<string, unknown>;
  /** Block id; generated (`toolu_…`) when omitted. */
  id?: string;
}

/** Token counts to report instead of the ones estimated from text lengths (Anthropic's meaning). */
export interface AnthropicUsageOverrides {
  /** `usage.input_tokens`: the input tokens that were neither read from nor written to the cache. */
  inputTokens?: number;
  outputTokens?: number;
  /** `usage.cache_read_input_tokens`. @default 0 */
  cacheReadInputTokens?: number;
  /** `usage.cache_creation_input_tokens`. @default 0 */
  cacheCreationInputTokens?: number;
}

/** An Anthropic error reply: `{ type: 'error', error: { type, message } }` with its HTTP status. */
export interface AnthropicScriptedError {
  /** HTTP status: 400, 401, 403, 404, 413, 429, 500, 529… */
  status: number;
  /** `error.type`; the API's type for the status when omitted (`rate_limit_error` for 429, …). */
  type?: string;
  /** `error.message`; a status-specific default when omitted. */
  message?: string;
}

/** How the server should answer one request. Every field is optional. */
export interface AnthropicScriptedReply {
  /** Assistant text (a `text` block). Defaults to the deterministic text unless `toolUses` is given. */
  text?: string;
  /** `tool_use` blocks, after the text block if any (`stop_reason: 'tool_use'`). */
  toolUses?: AnthropicScriptedToolUse[];
  /** `stop_reason`; `tool_use` when there are tool uses, else `end_turn`. */
  stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';
  /** Usage to report instead of the estimate. */
  usage?: AnthropicUsageOverrides;
  /** Delay before the first byte, replacing the server-wide `latencyMs` for this request. */
  latencyMs?: number;
  /** Answer with this error instead of a message. */
  error?: AnthropicScriptedError;
  /**
   * Streamed requests only: after this many content events, send an `event: error` (an
   * `overloaded_error`, as the API does mid-stream) and end the stream.
   */
  streamErrorAfter?: number;
}

/** Decides the reply to one request; `undefined` falls back to the default reply. A throw is a 500. */
export type AnthropicResponder = (
  request: AnthropicRequest,
) => AnthropicScriptedReply | undefined | Promise<AnthropicScriptedReply | undefined>;

/** A fault injected into every authenticated `/v1/*` request until it is used up. */
export interface AnthropicFault {
  /** HTTP status to answer, e.g. 429, 500, 529. */
  status: number;
  /** How many requests fail before the fault clears itself. @default Infinity */
  times?: number;
  /** `error.message`; a status-specific default when omitted. */
  message?: string;
}

/** Options for {@link startAnthropicServer}. */
export interface AnthropicServerOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** Delay between streamed SSE events. @default 0 */
  streamChunkDelayMs?: number;
  /** Decides replies; see {@link AnthropicResponder}. @default the deterministic offline responder */
  responder?: AnthropicResponder;
  /** Largest accepted request body. @default 16 MiB */
  maxBodyBytes?: number;
}

/** A running Anthropic-compatible server. */
export interface AnthropicServerHandle {
  /** Base URL for the SDK's `baseURL`, e.g. `http://127.0.0.1:43123` (the SDK adds `/v1/messages`). */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order (including rejected ones). */
  readonly requests: RecordedRequest[];
  /** Installs (or with `undefined` clears) a fault; see {@link AnthropicFault}. */
  setFault(fault: AnthropicFault | undefined): void;
  /** Stops listening and destroys open connections. Idempotent. */
  close(): Promise<void>;
}
