import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatOrigin, listenLoopback } from '../http/loopback-server.js';
import { BodyError, readBody } from '../http/read-body.js';
import { recordRequest } from '../http/record.js';
import { sendJson } from '../http/response.js';
import { SseWriter } from '../http/sse.js';
import { sleep } from '../http/timing.js';
import type { RecordedRequest } from '../http/types.js';
import { chatCompletionBody, streamChatCompletion } from './chat.js';
import { type OpenAIServerConfig, resolveOpenAIServerConfig } from './config.js';
import { embeddingsBody } from './embeddings.js';
import { sendOpenAIError } from './errors.js';
import { chatPromptInfo, embeddingInputs, type PromptInfo, responsesPromptInfo } from './extract.js';
import { FaultState } from './fault.js';
import { resolveReply } from './reply.js';
import { responseBody, streamResponse } from './responses.js';
import type {
  OpenAIEndpoint,
  OpenAIServerHandle,
  OpenAIServerOptions,
  ResponderRequest,
  ScriptedReply,
} from './types.js';

type Json = Record<string, unknown>;

const ENDPOINTS: Record<string, OpenAIEndpoint> = {
  '/v1/chat/completions': 'chat',
  '/v1/responses': 'responses',
  '/v1/embeddings': 'embeddings',
};

/**
 * Starts an OpenAI-compatible API on loopback: `POST /v1/chat/completions` (JSON and SSE),
 * `POST /v1/responses` (JSON and SSE), `POST /v1/embeddings` (float or base64) and `GET /v1/models`.
 * Any Bearer key is accepted; a missing one gets the API's 401. Replies are deterministic unless a
 * `responder` scripts them; `setFault()` injects errors.
 *
 * The openai SDK retries 408/409/429/5xx by default (`maxRetries: 2`); build the client with
 * `maxRetries: 0` to see a single fault surface as an `APIError`.
 *
 * @example
 * ```ts
 * const llm = await startOpenAIServer();
 * const client = new OpenAI({ baseURL: llm.url, apiKey: 'test' });
 * const completion = await client.chat.completions.create({
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * await llm.close();
 * ```
 */
export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServerHandle> {
  const config = resolveOpenAIServerConfig(options);
  const requests: RecordedRequest[] = [];
  const fault = new FaultState();
  let ids = 0;
  let apiIndex = 0;
  const nextId = (prefix: string): string => `${prefix}tk${(++ids).toString(36).padStart(10, '0')}`;

  const handle = async (req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> => {
    const recorded = recordRequest(req, res, requests);
    const { path, method } = recorded;
    const headers = {
      'x-request-id': nextId('req_'),
      'openai-version': '2020-10-01',
      'openai-processing-ms': '1',
    };
    const fail = (status: number, message?: string, code?: string | null): void =>
      sendOpenAIError(res, { status, message, code }, headers);

    try {
      const raw = await readBody(req, { limitBytes: config.maxBodyBytes });
      if (raw.length > 0) recorded.body = parseJson(raw.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyError) return fail(error.status, error.message);
      throw error;
    }

    if (!path.startsWith('/v1/')) return fail(404, `Invalid URL (${method} ${path})`);
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
      return fail(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        null,
      );
    }
    const injected = fault.take();
    if (injected !== undefined) {
      await sleep(injected.delayMs ?? 0, signal);
      if (signal.aborted) return;
      return sendOpenAIError(res, { ...injected }, headers);
    }

    if (method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: config.models.map(modelObject) }, headers);
    }
    if (method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      if (!config.models.includes(id))
        return fail(404, `The model '${id}' does not exist`, 'model_not_found');
      return sendJson(res, 200, modelObject(id), headers);
    }
    const endpoint = ENDPOINTS[path];
    if (endpoint === undefined || method !== 'POST') return fail(404, `Invalid URL (${method} ${path})`);

    const body = recorded.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return fail(400, 'We could not parse the JSON body of your request. (HINT: send a JSON object.)');
    }
    const invalid = validate(endpoint, body as Json);
    if (invalid !== undefined) return fail(400, invalid);
    await answer(endpoint, body as Json, res, signal, headers, config);
  };

  const answer = async (
    endpoint: OpenAIEndpoint,
    body: Json,
    res: ServerResponse,
    signal: AbortSignal,
    headers: Record<string, string>,
    cfg: OpenAIServerConfig,
  ): Promise<void> => {
    const prompt = promptOf(endpoint, body);
    const request: ResponderRequest = {
      endpoint,
      model: body.model as string,
      messages: endpoint === 'chat' ? (body.messages as unknown[]) : undefined,
      input: endpoint === 'chat' ? undefined : body.input,
      tools: Array.isArray(body.tools) ? body.tools : [],
      lastUserMessage: prompt.lastUserMessage,
      lastMessageIsToolResult: prompt.lastMessageIsToolResult,
      index: apiIndex++,
      body,
    };
    let scripted: ScriptedReply;
    try {
      scripted = (await (cfg.responder ?? (() => undefined))(request)) ?? {};
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return sendOpenAIError(res, { status: 500, message: `testkit responder failed: ${message}` }, headers);
    }
    await sleep(scripted.latencyMs ?? cfg.latencyMs, signal);
    if (signal.aborted) return;
    if (scripted.error !== undefined) return sendOpenAIError(res, scripted.error, headers);

    const meta = { id: '', created: Math.floor(Date.now() / 1000), model: request.model };
    if (endpoint === 'embeddings') {
      const dimensions = typeof body.dimensions === 'number' ? body.dimensions : cfg.embeddingDimensions;
      const payload = embeddingsBody({
        model: request.model,
        inputs: embeddingInputs(body.input) ?? [],
        dimensions,
        base64: body.encoding_format === 'base64',
        vectors: scripted.embeddings,
        promptTokens: scripted.usage?.promptTokens,
      });
      return sendJson(res, 200, payload, headers);
    }

    const reply = resolveReply(scripted, request, prompt.promptText, nextId);
    const sse = (): SseWriter => new SseWriter(res, { delayMs: cfg.streamChunkDelayMs, signal, headers });
    if (endpoint === 'chat') {
      meta.id = nextId('chatcmpl-');
      if (body.stream !== true) return sendJson(res, 200, chatCompletionBody(meta, reply), headers);
      const includeUsage = (body.stream_options as Json | undefined)?.include_usage === true;
      return streamChatCompletion(sse(), meta, reply, includeUsage);
    }
    meta.id = nextId('resp_');
    const itemIds = { message: nextId('msg_'), functionCalls: reply.toolCalls.map(() => nextId('fc_')) };
    if (body.stream !== true) return sendJson(res, 200, responseBody(meta, body, reply, itemIds), headers);
    return streamResponse(sse(), meta, body, reply, itemIds);
  };

  const server = await listenLoopback(handle, { host: config.host, port: config.port });
  return {
    url: `${formatOrigin(config.host, server.port)}/v1`,
    port: server.port,
    requests,
    setFault: (next) => fault.set(next),
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

function modelObject(id: string): Json {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'testkit' };
}

function promptOf(endpoint: OpenAIEndpoint, body: Json): PromptInfo {
  if (endpoint === 'chat') return chatPromptInfo(body.messages as unknown[]);
  if (endpoint === 'responses') return responsesPromptInfo(body.input, body.instructions);
  const inputs = embeddingInputs(body.input) ?? [];
  const text = inputs.map((input) => input.text).join('\n');
  return { lastUserMessage: text, lastMessageIsToolResult: false, promptText: text };
}

/** Returns the API's 400 message for a request missing what the endpoint requires. */
function validate(endpoint: OpenAIEndpoint, body: Json): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') {
    return 'You must provide a model parameter.';
  }
  if (endpoint === 'chat' && (!Array.isArray(body.messages) || body.messages.length === 0)) {
    return "Missing required parameter: 'messages'.";
  }
  if (endpoint === 'responses' && body.input === undefined) {
    return "Missing required parameter: 'input'.";
  }
  if (endpoint === 'embeddings') {
    if (embeddingInputs(body.input) === undefined)
      return "'$.input' is invalid. Please check the API reference.";
    if (
      body.dimensions !== undefined &&
      (!Number.isInteger(body.dimensions) || (body.dimensions as number) < 1)
    ) {
      return "Invalid value for 'dimensions': must be a positive integer.";
    }
  }
  return undefined;
}
