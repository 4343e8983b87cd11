import type { GenerationScope } from '@tradingagents/telemetry/instrumentation-api';
import { num, obj, str } from '../shared/safe.js';
import { modelOf, type Operation, type StreamAccumulator } from './operation.js';
import { usageOf } from './usage.js';

const MAX_CAPTURED_CHARS = 100_000;

type Json = Record<string, unknown>;

const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map((v) => obj(v) ?? {}) : []);

/** Request parameters recorded on the generation, from the request's `config`. */
function modelParametersOf(
  params: Json,
  streamed: boolean,
): Record<string, string | number | boolean> | undefined {
  const config = obj(params.config) ?? {};
  const out: Record<string, string | number | boolean> = {};
  const temperature = num(config.temperature);
  if (temperature !== undefined) out.temperature = temperature;
  const maxTokens = num(config.maxOutputTokens);
  if (maxTokens !== undefined) out.max_tokens = maxTokens;
  const topP = num(config.topP);
  if (topP !== undefined) out.top_p = topP;
  if (streamed) out.stream = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The model's turn as an OpenAI-shaped message: its text, and its function calls as `tool_calls`. */
function messageOf(text: string, calls: Json[]): Json {
  const message: Json = { role: 'assistant', content: text };
  if (calls.length > 0) {
    message.tool_calls = calls.map((call) => ({
      ...(str(call.id) !== undefined ? { id: str(call.id) } : {}),
      type: 'function',
      function: { name: str(call.name) ?? '', arguments: JSON.stringify(call.args ?? {}) },
    }));
  }
  return message;
}

/** Text and function calls of a candidate's parts, appended to `into`. */
function collectParts(parts: unknown, into: { text: string; calls: Json[] }): void {
  for (const part of list(parts)) {
    if (part.thought === true) continue;
    const text = str(part.text);
    if (text !== undefined && into.text.length < MAX_CAPTURED_CHARS) into.text += text;
    const call = obj(part.functionCall);
    if (call) into.calls.push(call);
  }
}

function finishReasonsOf(candidates: Json[]): string[] {
  return candidates.map((c) => str(c.finishReason)).filter((r): r is string => r !== undefined);
}

function onResponse(raw: unknown, generation: GenerationScope): void {
  const body = obj(raw);
  if (!body) return;
  const usage = usageOf(body.usageMetadata);
  if (usage) generation.setUsage(usage);
  const candidates = list(body.candidates);
  generation.setResponse({
    model: str(body.modelVersion),
    id: str(body.responseId),
    finishReasons: finishReasonsOf(candidates),
  });
  generation.setOutput(
    candidates.map((c) => {
      const out = { text: '', calls: [] as Json[] };
      collectParts(obj(c.content)?.parts, out);
      return messageOf(out.text, out.calls);
    }),
  );
}

/** Chunks of one `streamGenerateContent`: text and calls of candidate 0, usage of the last chunk that has it. */
function generateStream(): StreamAccumulator {
  let first = true;
  const out = { text: '', calls: [] as Json[] };
  const finishReasons: string[] = [];
  let usage: unknown;
  let model: string | undefined;
  let id: string | undefined;
  return {
    onChunk(raw, generation) {
      const chunk = obj(raw);
      if (!chunk) return;
      model ??= str(chunk.modelVersion);
      id ??= str(chunk.responseId);
      usage = obj(chunk.usageMetadata) ?? usage;
      const candidates = list(chunk.candidates);
      const [candidate] = candidates;
      const parts = list(obj(candidate?.content)?.parts);
      if (first && parts.length > 0) {
        first = false;
        generation.markFirstToken();
      }
      collectParts(parts, out);
      finishReasons.push(...finishReasonsOf(candidates));
    },
    finish(generation) {
      const tokens = usageOf(usage);
      if (tokens) generation.setUsage(tokens);
      generation.setResponse({ model, id, finishReasons });
      generation.setOutput([messageOf(out.text, out.calls)]);
    },
  };
}

const inputOf = (params: Json): unknown => {
  const system = obj(params.config)?.systemInstruction;
  return system === undefined ? params.contents : { systemInstruction: system, contents: params.contents };
};

/** `models.generateContent` (each request it makes, automatic function calling included). */
export const generateContent: Operation = {
  name: 'models.generateContent',
  info: (params, provider) => ({
    model: modelOf(params),
    provider,
    operation: 'generate_content',
    input: inputOf(params),
    modelParameters: modelParametersOf(params, false),
  }),
  onBody: onResponse,
};

/** `models.generateContentStream` (each request it makes). */
export const generateContentStream: Operation = {
  name: 'models.generateContentStream',
  info: (params, provider) => ({
    ...generateContent.info(params, provider),
    modelParameters: modelParametersOf(params, true),
  }),
  onBody: onResponse,
  stream: generateStream,
};
