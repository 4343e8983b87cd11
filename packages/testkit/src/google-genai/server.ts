import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatOrigin, listenLoopback } from '../http/loopback-server.js';
import { BodyError, readBody } from '../http/read-body.js';
import { recordRequest } from '../http/record.js';
import { sendJson, writeChunk } from '../http/response.js';
import { splitForStreaming } from '../http/sse.js';
import { sleep } from '../http/timing.js';
import type { RecordedRequest } from '../http/types.js';
import { embeddingValues, generateContentBody, modelParts, usageMetadata } from './bodies.js';
import { functionNamesOf, lastTurnOf, promptTextOf, textOfParts } from './contents.js';
import type {
  GeminiMethod,
  GeminiScriptedError,
  GeminiScriptedReply,
  GeminiServerHandle,
  GeminiServerOptions,
} from './types.js';

type Json = Record<string, unknown>;

const PATH =
  /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;

const STATUS_OF: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Sends the Gemini API's error body `{ error: { code, message, status } }`. */
function sendGeminiError(res: ServerResponse, error: GeminiScriptedError): void {
  sendJson(res, error.code, {
    error: {
      code: error.code,
      message: error.message ?? `testkit: request failed with ${error.code}`,
      status: error.status ?? STATUS_OF[error.code] ?? 'UNKNOWN',
    },
  });
}

/**
 * Starts a Gemini Developer API on loopback, as `@google/genai` calls it:
 * `POST /v1beta/models/{model}:generateContent` (JSON), `:streamGenerateContent?alt=sse` (SSE, the
 * full `usageMetadata` on the last event), `:embedContent` and `:batchEmbedContents`. The key is
 * read from `x-goog-api-key` (or `?key=`); a missing one gets the API's 403. Replies are
 * deterministic unless a `responder` scripts them (text, function calls, usage, errors).
 *
 * @example
 * ```ts
 * const gemini = await startGeminiServer();
 * const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: gemini.url } });
 * const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello' });
 * await gemini.close();
 * ```
 */
export async function startGeminiServer(options: GeminiServerOptions = {}): Promise<GeminiServerHandle> {
  const requests: RecordedRequest[] = [];
  const delayMs = options.streamChunkDelayMs ?? 0;
  const dimensions = options.embeddingDimensions ?? 8;
  let index = 0;
  let ids = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> => {
    const recorded = recordRequest(req, res, requests);
    try {
      const raw = await readBody(req, { limitBytes: 20 * 1024 * 1024 });
      if (raw.length > 0) recorded.body = JSON.parse(raw.toString('utf8')) as unknown;
    } catch (error) {
      if (error instanceof BodyError)
        return sendGeminiError(res, { code: error.status, message: error.message });
      return sendGeminiError(res, { code: 400, message: 'Invalid JSON payload received.' });
    }
    const url = new URL(req.url ?? '/', 'http://testkit.invalid');
    const match = PATH.exec(recorded.path);
    if (recorded.method !== 'POST' || !match) {
      return sendGeminiError(res, {
        code: 404,
        message: `Method not found: ${recorded.method} ${recorded.path}`,
      });
    }
    if (!req.headers['x-goog-api-key'] && !url.searchParams.get('key')) {
      return sendGeminiError(res, {
        code: 403,
        message:
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      });
    }
    const body = recorded.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendGeminiError(res, { code: 400, message: 'Invalid JSON payload received.' });
    }
    const method = match[3] as GeminiMethod;
    const model = decodeURIComponent(match[2] as string);
    const json = body as Json;
    const last = lastTurnOf(json.contents);
    const scripted =
      (await options.responder?.({
        method,
        model,
        lastUserText: last.userText,
        lastTurnIsFunctionResponse: last.isFunctionResponse,
        functionNames: functionNamesOf(json.tools),
        index: index++,
        body: json,
      })) ?? {};
    if (signal.aborted) return;
    if (scripted.error !== undefined) return sendGeminiError(res, scripted.error);

    if (method === 'embedContent') {
      const text = textOfParts((json.content as Json | undefined)?.parts);
      return sendJson(res, 200, { embedding: { values: embeddingValues(text, dimensions) } });
    }
    if (method === 'batchEmbedContents') {
      const list = Array.isArray(json.requests) ? (json.requests as Json[]) : [];
      const embeddings = list.map((r) => ({
        values: embeddingValues(textOfParts((r?.content as Json)?.parts), dimensions),
      }));
      return sendJson(res, 200, { embeddings });
    }
    const meta = { model, responseId: `tk${(++ids).toString(36).padStart(10, '0')}` };
    const text = scripted.text ?? (scripted.functionCalls?.length ? '' : `Answer to: ${last.userText}`);
    const usage = usageMetadata(scripted, promptTextOf(json.contents), text);
    const finishReason = scripted.finishReason ?? 'STOP';
    if (method === 'generateContent') {
      return sendJson(
        res,
        200,
        generateContentBody(modelParts(scripted, text), meta, { finishReason, usage }),
      );
    }
    await streamGenerateContent(res, signal, delayMs, scripted, text, meta, { finishReason, usage });
  };

  const server = await listenLoopback(handle, { host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url: formatOrigin(server.host, server.port),
    port: server.port,
    requests,
    close: () => server.close(),
  };
}

/**
 * `streamGenerateContent?alt=sse`: one `data: {…}` event per piece of text, separated by `\r\n\r\n`
 * as the API does. Every event carries the prompt's counts; the last one carries the function
 * calls, the `finishReason` and the complete `usageMetadata`.
 */
async function streamGenerateContent(
  res: ServerResponse,
  signal: AbortSignal,
  delayMs: number,
  reply: GeminiScriptedReply,
  text: string,
  meta: { model: string; responseId: string },
  end: { finishReason: string; usage: Json },
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const partial = {
    promptTokenCount: end.usage.promptTokenCount,
    totalTokenCount: end.usage.promptTokenCount,
  };
  const pieces = splitForStreaming(text);
  const events: Json[] = pieces
    .slice(0, -1)
    .map((piece) => generateContentBody([{ text: piece }], meta, { usage: partial }));
  const lastText = pieces.at(-1) ?? '';
  events.push(generateContentBody(modelParts(reply, lastText), meta, end));
  for (const [i, event] of events.entries()) {
    if (i > 0) await sleep(delayMs, signal);
    if (signal.aborted) return;
    if (!(await writeChunk(res, `data: ${JSON.stringify(event)}\r\n\r\n`))) return;
  }
  if (!res.writableEnded && !res.destroyed) res.end();
}
