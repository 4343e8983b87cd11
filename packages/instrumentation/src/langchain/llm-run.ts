import type { GenerationInfo, GenerationResponse } from '@tradingagents/telemetry/instrumentation-api';
import { num, obj, str } from '../shared/safe.js';

/** LangChain `ls_provider` values → `gen_ai.provider.name`. Unlisted values pass through. */
const PROVIDERS: Readonly<Record<string, string>> = {
  google_genai: 'gcp.gemini',
  google_vertexai: 'gcp.vertex_ai',
  azure: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
};

/** A LangChain message (or plain message-like object) as `{ role, content }`, for content capture. */
function toPlainMessage(message: unknown): unknown {
  const m = obj(message);
  if (!m) return message;
  const getType = m._getType ?? m.getType;
  const role =
    str(m.role) ?? (typeof getType === 'function' ? str(getType.call(m)) : undefined) ?? str(m.type);
  const plain: Record<string, unknown> = { role: role ?? 'unknown', content: m.content };
  if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) plain.tool_calls = m.tool_calls;
  return plain;
}

/**
 * Content that is only turned into plain messages when the core serialises it, i.e. when content
 * capture is on: with capture off (the default) a long chat history costs nothing per call.
 */
function lazyContent(build: () => unknown): unknown {
  return { toJSON: build };
}

/** The generation info of a chat-model or LLM run, from what `handle*Start` receives. */
export function generationInfoOf(
  serialized: unknown,
  prompt: unknown,
  extraParams: unknown,
  metadata: unknown,
  operation: 'chat' | 'text_completion',
): GenerationInfo {
  const meta = obj(metadata);
  const params = obj(obj(extraParams)?.invocation_params);
  const model =
    str(meta?.ls_model_name) ??
    str(params?.model) ??
    str(params?.model_name) ??
    str(params?.modelName) ??
    modelOfSerialized(serialized) ??
    'unknown';
  const lsProvider = str(meta?.ls_provider);
  const provider = lsProvider === undefined ? 'langchain' : (PROVIDERS[lsProvider] ?? lsProvider);
  const info: GenerationInfo = {
    model,
    provider,
    operation,
    input: Array.isArray(prompt) ? lazyContent(() => prompt.map(toPlainMessage)) : prompt,
  };
  const temperature = num(meta?.ls_temperature) ?? num(params?.temperature);
  const maxTokens = num(meta?.ls_max_tokens) ?? num(params?.max_tokens) ?? num(params?.max_completion_tokens);
  const topP = num(params?.top_p);
  if (temperature !== undefined || maxTokens !== undefined || topP !== undefined) {
    const modelParameters: Record<string, string | number | boolean> = {};
    if (temperature !== undefined) modelParameters.temperature = temperature;
    if (maxTokens !== undefined) modelParameters.max_tokens = maxTokens;
    if (topP !== undefined) modelParameters.top_p = topP;
    info.modelParameters = modelParameters;
  }
  return info;
}

function modelOfSerialized(serialized: unknown): string | undefined {
  const kwargs = obj(obj(serialized)?.kwargs);
  return str(kwargs?.model) ?? str(kwargs?.model_name);
}

const NO_GENERATIONS: readonly unknown[] = [];

/** The first prompt's generations of an `LLMResult` (not copied). */
export function generationsOf(output: unknown): readonly unknown[] {
  const generations = obj(output)?.generations;
  const first = Array.isArray(generations) ? generations[0] : undefined;
  return Array.isArray(first) ? first : NO_GENERATIONS;
}

/**
 * Token usage of an `LLMResult`: the exact `usage_metadata` LangChain puts on the (final, for
 * streams aggregated) message, else `llmOutput.tokenUsage` (camelCase) or an OpenAI-shaped
 * `token_usage`. Estimated counts (`estimatedTokenUsage`) are deliberately not used.
 */
export function usageOf(
  output: unknown,
  generations: readonly unknown[] = generationsOf(output),
): Record<string, unknown> | undefined {
  for (const generation of generations) {
    const usage = obj(obj(obj(generation)?.message)?.usage_metadata);
    if (usage) return usage;
  }
  const llmOutput = obj(obj(output)?.llmOutput);
  const tokenUsage = obj(llmOutput?.tokenUsage);
  if (
    tokenUsage &&
    (num(tokenUsage.promptTokens) !== undefined || num(tokenUsage.completionTokens) !== undefined)
  ) {
    return { input: num(tokenUsage.promptTokens) ?? 0, output: num(tokenUsage.completionTokens) ?? 0 };
  }
  return obj(llmOutput?.token_usage) ?? obj(llmOutput?.usage);
}

/** Response model, id and finish reasons of an `LLMResult`. */
export function responseOf(
  output: unknown,
  generations: readonly unknown[] = generationsOf(output),
): GenerationResponse {
  const message = obj(obj(generations[0])?.message);
  const metadata = obj(message?.response_metadata);
  const finishReasons: string[] = [];
  for (const generation of generations) {
    const g = obj(generation);
    const reason =
      str(obj(g?.generationInfo)?.finish_reason) ??
      str(obj(obj(g?.message)?.response_metadata)?.finish_reason);
    if (reason !== undefined) finishReasons.push(reason);
  }
  const response: GenerationResponse = {};
  const model =
    str(metadata?.model_name) ?? str(metadata?.model) ?? str(obj(obj(output)?.llmOutput)?.model_name);
  if (model !== undefined) response.model = model;
  const id = str(message?.id) ?? str(metadata?.id);
  if (id !== undefined) response.id = id;
  if (finishReasons.length > 0) response.finishReasons = finishReasons;
  return response;
}

/** The completion (text and tool calls) of an `LLMResult`, for content capture (built only if captured). */
export function outputOf(output: unknown, generations: readonly unknown[] = generationsOf(output)): unknown {
  return lazyContent(() =>
    generations.map((generation) => {
      const g = obj(generation) ?? {};
      const message = obj(g.message);
      return message ? toPlainMessage(message) : { role: 'assistant', content: g.text };
    }),
  );
}
