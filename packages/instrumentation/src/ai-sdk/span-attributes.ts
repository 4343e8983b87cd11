import type { Attributes } from '@opentelemetry/api';
import type { TokenUsage } from '@tradingagents/telemetry';
import { num, obj, str } from '../shared/safe.js';

type Json = Record<string, unknown>;

/** A JSON attribute (`ai.toolCall.args`, `ai.response.providerMetadata`, ...), or the raw value. */
export function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const first = (attributes: Attributes, keys: readonly string[]): number | undefined => {
  for (const key of keys) {
    const value = num(attributes[key]);
    if (value !== undefined && !Number.isNaN(value)) return value;
  }
  return undefined;
};

/**
 * The token usage an `ai` 5 / 6 model-call span (`ai.*.doGenerate`, `ai.*.doStream`) carries when
 * it ends. `ai` 6 sets `ai.usage.inputTokens` with `inputTokenDetails.*` and `outputTokenDetails.*`;
 * `ai` 5 sets `ai.usage.inputTokens` (streams) or `ai.usage.promptTokens` (non-streaming calls), the
 * flat `ai.usage.cachedInputTokens` / `reasoningTokens` on streams only, and for the other calls the
 * provider's own counts in `ai.response.providerMetadata` (OpenAI: `cachedPromptTokens`,
 * `reasoningTokens`) when the provider put them there. `returned` is what the `doGenerate` callback
 * resolved to: its `usage` (ai 5: flat `cachedInputTokens`, `reasoningTokens`) fills what the span
 * lacks. Input includes the cached tokens and output the reasoning tokens, as in the core.
 */
export function spanUsageOf(attributes: Attributes, returned?: unknown): TokenUsage | undefined {
  const input = first(attributes, [
    'ai.usage.inputTokens',
    'ai.usage.promptTokens',
    'gen_ai.usage.input_tokens',
  ]);
  const output = first(attributes, [
    'ai.usage.outputTokens',
    'ai.usage.completionTokens',
    'gen_ai.usage.output_tokens',
  ]);
  if (input === undefined && output === undefined) return undefined;
  const metadata = obj(parsed(attributes['ai.response.providerMetadata']));
  const provider = obj(metadata?.openai) ?? obj(metadata?.azure);
  const result = obj(obj(returned)?.usage);
  return {
    input: input ?? 0,
    output: output ?? 0,
    cacheRead:
      first(attributes, ['ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens']) ??
      num(result?.cachedInputTokens) ??
      num(provider?.cachedPromptTokens) ??
      0,
    cacheWrite: first(attributes, ['ai.usage.inputTokenDetails.cacheWriteTokens']) ?? 0,
    reasoning:
      first(attributes, ['ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens']) ??
      num(result?.reasoningTokens) ??
      num(provider?.reasoningTokens) ??
      0,
  };
}

/** An embedding call's usage (`ai.usage.tokens`, on `*.doEmbed`): input tokens only. */
export function embeddingSpanUsageOf(attributes: Attributes): TokenUsage | undefined {
  const tokens = first(attributes, ['ai.usage.tokens']);
  return tokens === undefined ? undefined : { input: tokens, output: 0 };
}

/** Request parameters of a model-call span, under the names the other instrumentations use. */
export function spanModelParametersOf(attributes: Attributes): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [from, to] of [
    ['gen_ai.request.temperature', 'temperature'],
    ['gen_ai.request.max_tokens', 'max_tokens'],
    ['gen_ai.request.top_p', 'top_p'],
  ] as const) {
    const value = num(attributes[from]);
    if (value !== undefined) out[to] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A model call's answer as one OpenAI-shaped assistant message (text or object, and tool calls). */
export function spanOutputOf(attributes: Attributes): Json {
  const message: Json = {
    role: 'assistant',
    content: str(attributes['ai.response.text']) ?? str(attributes['ai.response.object']) ?? '',
  };
  const calls = parsed(attributes['ai.response.toolCalls']);
  if (Array.isArray(calls) && calls.length > 0) {
    message.tool_calls = calls.map((raw) => {
      const call = obj(raw) ?? {};
      const input = call.input ?? call.args;
      return {
        id: str(call.toolCallId),
        type: 'function',
        function: {
          name: str(call.toolName) ?? '',
          arguments: typeof input === 'string' ? input : JSON.stringify(input ?? {}),
        },
      };
    });
  }
  return message;
}
