import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatOrigin, listenLoopback } from '../http/loopback-server.js';
import { BodyError, readBody } from '../http/read-body.js';
import { recordRequest } from '../http/record.js';
import { sendJson } from '../http/response.js';
import { SseWriter } from '../http/sse.js';
import { sleep } from '../http/timing.js';
import { defaultReply } from '../openai/default-responder.js';
import type { ResponderRequest } from '../openai/types.js';
import { sendAnthropicError } from './errors.js';
import { messageBody, resolveAnthropicReply, streamMessage } from './message.js';
import { anthropicPromptInfo } from './prompt.js';
import type {
  AnthropicFault,
  AnthropicRequest,
  AnthropicScriptedReply,
  AnthropicServerHandle,
  AnthropicServerOptions,
} from './types.js';

type Json = Record<string, unknown>;

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Starts an Anthropic-compatible Messages API on loopback: `POST /v1/messages`, JSON or streamed
 * (SSE with the API's event sequence), with `tool_use` blocks and prompt-cache usage
 * (`cache_creation_input_tokens`, `cache_read_input_tokens`). Any `x-api-key` (or Bearer token) is
 * accepted; a missing one gets the API's 401. Errors are `{ type: 'error', error: { type, message } }`
 * with the API's statuses. Replies are deterministic unless a `responder` scripts them.
 *
 * @example
 * ```ts
 * const llm = await startAnthropicServer();
 * const client = new Anthropic({ baseURL: llm.url, apiKey: 'test', maxRetries: 0 });
 * const message = await client.messages.create({
 *   model: 'claude-sonnet-5-5',
 *   max_tokens: 256,
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * await llm.close();
 * ```
 */
export async function startAnthropicServer(
  options: AnthropicServerOptions = {},
): Promise<AnthropicServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const requests: AnthropicServerHandle['requests'] = [];
  let fault: { fault: AnthropicFault; remaining: number } | undefined;
  let ids = 0;
  let index = 0;
  const nextId = (prefix: string): string => `${prefix}01tk${(++ids).toString(36).padStart(18, '0')}`;

  const handle = async (req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> => {
    const recorded = recordRequest(req, res, requests);
    const headers = { 'request-id': nextId('req_'), 'anthropic-organization-id': 'testkit' };
    const fail = (status: number, message?: string, type?: string): void =>
      sendAnthropicError(res, { status, message, type }, headers);
    try {
      const raw = await readBody(req, { limitBytes: maxBodyBytes });
      if (raw.length > 0) recorded.body = parseJson(raw.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyError) return fail(error.status === 413 ? 413 : 400, error.message);
      throw error;
    }
    const { path, method } = recorded;
    if (!path.startsWith('/v1/')) return fail(404, `${method} ${path} not found`);
    const key = req.headers['x-api-key'] ?? /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
    if (key === undefined || key === '') return fail(401, 'x-api-key header is required');
    if (fault !== undefined && fault.remaining > 0) {
      const injected = fault.fault;
      if (--fault.remaining <= 0) fault = undefined;
      return fail(injected.status, injected.message);
    }
    if (method !== 'POST' || path !== '/v1/messages') return fail(404, `${method} ${path} not found`);
    const body = recorded.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return fail(
        400,
        'There was an issue with the format or content of your request. (expected a JSON object)',
      );
    }
    const invalid = validate(body as Json);
    if (invalid !== undefined) return fail(400, invalid);
    await answer(body as Json, res, signal, headers);
  };

  const answer = async (
    body: Json,
    res: ServerResponse,
    signal: AbortSignal,
    headers: Record<string, string>,
  ): Promise<void> => {
    const prompt = anthropicPromptInfo(body);
    const request: AnthropicRequest = {
      model: body.model as string,
      messages: body.messages as unknown[],
      system: body.system,
      tools: Array.isArray(body.tools) ? body.tools : [],
      lastUserText: prompt.lastUserText,
      lastIsToolResult: prompt.lastIsToolResult,
      index: index++,
      body,
    };
    let scripted: AnthropicScriptedReply;
    try {
      scripted = (await (options.responder ?? (() => undefined))(request)) ?? {};
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return sendAnthropicError(
        res,
        { status: 500, message: `testkit responder failed: ${message}` },
        headers,
      );
    }
    await sleep(scripted.latencyMs ?? options.latencyMs ?? 0, signal);
    if (signal.aborted) return;
    if (scripted.error !== undefined) return sendAnthropicError(res, scripted.error, headers);
    const fallback = defaultReply({
      lastUserMessage: prompt.lastUserText,
      lastMessageIsToolResult: prompt.lastIsToolResult,
    } as ResponderRequest).content as string;
    const reply = resolveAnthropicReply(scripted, fallback, prompt.promptText, nextId);
    const id = nextId('msg_');
    if (body.stream !== true) return sendJson(res, 200, messageBody(id, request.model, reply), headers);
    const sse = new SseWriter(res, { delayMs: options.streamChunkDelayMs ?? 0, signal, headers });
    return streamMessage(sse, id, request.model, reply, headers['request-id']);
  };

  const server = await listenLoopback(handle, { host, port: options.port ?? 0 });
  return {
    url: formatOrigin(host, server.port),
    port: server.port,
    requests,
    setFault(next) {
      if (next !== undefined && (!Number.isInteger(next.status) || next.status < 400 || next.status > 599)) {
        throw new TypeError(`fault status must be an HTTP error status (400-599), got ${next.status}`);
      }
      fault =
        next === undefined
          ? undefined
          : { fault: { ...next }, remaining: next.times ?? Number.POSITIVE_INFINITY };
    },
    close: () => server.close(),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The API's 400 message for a request missing what `POST /v1/messages` requires. */
function validate(body: Json): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: Field required';
  return undefined;
}
