import type { RecordedRequest } from '../http/types.js';

/** The Gemini API method a request addressed (`models/{model}:{method}`). */
export type GeminiMethod =
  | 'generateContent'
  | 'streamGenerateContent'
  | 'embedContent'
  | 'batchEmbedContents';

/** What a {@link GeminiResponder} is asked to answer. */
export interface GeminiRequest {
  method: GeminiMethod;
  /** The model of the path, without `models/`. */
  model: string;
  /** Text of the last `user` turn's text parts, `''` when none. */
  lastUserText: string;
  /** Whether the last turn carries a `functionResponse` part. */
  lastTurnIsFunctionResponse: boolean;
  /** Names of the `functionDeclarations` in the request's `tools`. */
  functionNames: string[];
  /** 0-based index of this request on the server (rejected requests excluded). */
  index: number;
  /** The whole parsed JSON body. */
  body: Record<string, unknown>;
}

/** Token counts to report instead of the ones estimated from text lengths (`usageMetadata` fields). */
export interface GeminiUsageOverrides {
  /** `promptTokenCount`, cached tokens included (as the API counts them). */
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

/** A Gemini error reply: `{ error: { code, message, status } }`. */
export interface GeminiScriptedError {
  /** HTTP status and `error.code`, e.g. 400, 403, 404, 429, 500, 503. */
  code: number;
  /** `error.message`; a default when omitted. */
  message?: string;
  /** `error.status`, e.g. `INVALID_ARGUMENT`; derived from `code` when omitted. */
  status?: string;
}

/** One scripted answer; every field is optional. */
export interface GeminiScriptedReply {
  /** The model's text; defaults to a deterministic answer to the last user turn. */
  text?: string;
  /** Function calls the model makes (parts `{ functionCall: { name, args } }`), after the text. */
  functionCalls?: { name: string; args: Record<string, unknown> }[];
  usage?: GeminiUsageOverrides;
  /** `finishReason` of the candidate. @default 'STOP' */
  finishReason?: string;
  error?: GeminiScriptedError;
}

/** Scripts the reply to one request; `undefined` keeps the default reply. */
export type GeminiResponder = (
  request: GeminiRequest,
) => GeminiScriptedReply | undefined | Promise<GeminiScriptedReply | undefined>;

/** Options of {@link startGeminiServer}. */
export interface GeminiServerOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  responder?: GeminiResponder;
  /** Pause between SSE events. @default 0 */
  streamChunkDelayMs?: number;
  /** Length of the embedding vectors. @default 8 */
  embeddingDimensions?: number;
}

/** A running loopback Gemini API. */
export interface GeminiServerHandle {
  /** The origin to pass as `httpOptions.baseUrl` (the SDK appends `/v1beta/models/…`). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}
