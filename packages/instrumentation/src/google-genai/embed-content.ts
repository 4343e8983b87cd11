import { num, obj } from '../shared/safe.js';
import { modelOf, type Operation } from './operation.js';

/**
 * Input tokens of an embedding response: `usageMetadata.promptTokenCount` (Gemini API, as the SDK
 * keeps it since 3.x), else the sum of Vertex AI's per-embedding `statistics.tokenCount`.
 */
function inputTokensOf(body: Record<string, unknown>): number | undefined {
  const prompt = num(obj(body.usageMetadata)?.promptTokenCount);
  if (prompt !== undefined) return prompt;
  let sum: number | undefined;
  for (const e of Array.isArray(body.embeddings) ? body.embeddings : []) {
    const count = num(obj(obj(e)?.statistics)?.tokenCount);
    if (count !== undefined) sum = (sum ?? 0) + count;
  }
  return sum;
}

/** `models.embedContent`: an embedding generation (input tokens only); the vectors are not captured. */
export const embedContent: Operation = {
  name: 'models.embedContent',
  info: (params, provider) => ({
    model: modelOf(params),
    provider,
    operation: 'embeddings',
    name: `embeddings ${modelOf(params)}`,
    input: params.contents ?? params.content,
  }),
  onBody: (raw, generation) => {
    const body = obj(raw);
    if (!body) return;
    const input = inputTokensOf(body);
    if (input !== undefined) generation.setUsage({ input, output: 0 });
  },
};
