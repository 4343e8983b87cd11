import type { GenerationInfo, GenerationResponse } from '@tradingagents/telemetry';
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

/** The generation info of a chat-model or LLM run, from what `handle*Start` receives. */
export function generationInfoOf(
  serialized: unknown,
  prompt: unknown,
  extraParams: unknown,
  metadata: unknown,
  operation: 'chat' | 'text_completion',
): GenerationInfo {
  const meta = obj(metadata) ?? {};
  const params = obj(obj(extraParams)?.invocation_params) ?? {};
  const kwargs = obj(obj(serialized)?.kwargs) ?? {};
  const model =
    str(meta.ls_model_name) ??
    str(params.model) ??
    str(params.model_name) ??
    str(params.modelName) ??
    str(kwargs.model) ??
    str(kwargs.model_name) ??
    'unknown';
  const lsProvider = str(meta.ls_provider);
  const provider = lsProvider === undefined ? 'langchain' : (PROVIDERS[lsProvider] ?? lsProvider);
  const modelParameters: Record<string, string | number | boolean> = {};
  const temperature = num(meta.ls_temperature) ?? num(params.temperature);
  if (temperature !== undefined) modelParameters.temperature = temperature;
  const maxTokens = num(meta.ls_max_tokens) ?? num(params.max_tokens) ?? num(params.max_completion_tokens);
  if (maxTokens !== undefined) modelParameters.max_tokens = maxTokens;
  const topP = num(params.top_p);
  if (topP !== undefined) modelParameters.top_p = topP;
  return {
    model,
    provider,
    operation,
    input: Array.isArray(prompt) ? prompt.map(toPlainMessage) : prompt,
    ...(Object.keys(modelParameters).length > 0 ? { modelParameters } : {}),
  };
}

function firstGenerations(output: unknown): Record<string, unknown>[] {
  const generations = obj(output)?.generations;
  if (!Array.isArray(generations)) return [];
  const first = generations[0];
  return Array.isArray(first) ? first.map((g) => obj(g) ?? {}) : [];
}

/**
 * Token usage of an `LLMResult`: the exact `usage_metadata` LangChain puts on the (final, for
 * streams aggregated) message, else `llmOutput.tokenUsage` (camelCase) or an OpenAI-shaped
 * `token_usage`. Estimated counts (`estimatedTokenUsage`) are deliberately not used.
 */
export function usageOf(output: unknown): Record<string, unknown> | undefined {
  for (const generation of firstGenerations(output)) {
    const usage = obj(obj(generation.message)?.usage_metadata);
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
export function responseOf(output: unknown): GenerationResponse {
  const generations = firstGenerations(output);
  const message = obj(generations[0]?.message);
  const metadata = obj(message?.response_metadata) ?? {};
  const llmOutput = obj(obj(output)?.llmOutput) ?? {};
  const finishReasons = generations
    .map(
      (g) =>
        str(obj(g.generationInfo)?.finish_reason) ??
        str(obj(obj(g.message)?.response_metadata)?.finish_reason),
    )
    .filter((r): r is string => r !== undefined);
  const response: GenerationResponse = {};
  const model = str(metadata.model_name) ?? str(metadata.model) ?? str(llmOutput.model_name);
  if (model !== undefined) response.model = model;
  const id = str(message?.id) ?? str(metadata.id);
  if (id !== undefined) response.id = id;
  if (finishReasons.length > 0) response.finishReasons = finishReasons;
  return response;
}

/** The completion (text and tool calls) of an `LLMResult`, for content capture. */
export function outputOf(output: unknown): unknown {
  return firstGenerations(output).map((g) => {
    const message = obj(g.message);
    return message ? toPlainMessage(message) : { role: 'assistant', content: g.text };
  });
}
