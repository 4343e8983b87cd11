import { estimateTokens } from '../openai/tokens.js';
import type { GeminiScriptedReply } from './types.js';

type Json = Record<string, unknown>;

/** The `usageMetadata` of a reply, as the Gemini API sends it (zero counts left out, like the API). */
export function usageMetadata(reply: GeminiScriptedReply, promptText: string, outputText: string): Json {
  const prompt = reply.usage?.promptTokenCount ?? estimateTokens(promptText);
  const candidates = reply.usage?.candidatesTokenCount ?? estimateTokens(outputText);
  const cached = reply.usage?.cachedContentTokenCount ?? 0;
  const thoughts = reply.usage?.thoughtsTokenCount ?? 0;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
    ...(cached > 0 ? { cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cached }] } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** The `parts` of the model's turn: text first, then the function calls. */
export function modelParts(reply: GeminiScriptedReply, text: string): Json[] {
  const parts: Json[] = [];
  if (text !== '') parts.push({ text });
  for (const call of reply.functionCalls ?? [])
    parts.push({ functionCall: { name: call.name, args: call.args } });
  return parts;
}

/** A `GenerateContentResponse` body (one chunk of a stream has the same shape). */
export function generateContentBody(
  parts: Json[],
  meta: { model: string; responseId: string },
  extra: { finishReason?: string; usage?: Json },
): Json {
  const candidate: Json = { content: { parts, role: 'model' } };
  if (extra.finishReason !== undefined) candidate.finishReason = extra.finishReason;
  candidate.index = 0;
  return {
    candidates: [candidate],
    ...(extra.usage ? { usageMetadata: extra.usage } : {}),
    modelVersion: meta.model,
    responseId: meta.responseId,
  };
}

/** A deterministic unit vector of `dimensions` values for `text`. */
export function embeddingValues(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let seed = 7;
  for (const ch of text) seed = (seed * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_003;
  for (let i = 0; i < dimensions; i++) values.push(((seed * (i + 1)) % 1000) / 1000 - 0.5);
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => v / norm);
}
