import { num, obj } from '../shared/safe.js';

const TOP = ['input_tokens', 'output_tokens', 'total_tokens'] as const;
const DETAILS = ['input_token_details', 'output_token_details'] as const;

function addCounts(
  into: Record<string, unknown>,
  from: Record<string, unknown>,
  keys: readonly string[],
): void {
  for (const key of keys) {
    const value = num(from[key]);
    if (value !== undefined) into[key] = (num(into[key]) ?? 0) + value;
  }
}

/**
 * Adds one chunk's `usage_metadata` to the usage seen so far in a stream: providers report it in
 * parts (Anthropic: input first, output last; OpenAI: all in the last chunk). Used only when the
 * consumer stops the stream before LangChain aggregates it.
 */
export function addStreamUsage(
  seen: Record<string, unknown> | undefined,
  chunkUsage: Record<string, unknown>,
): Record<string, unknown> {
  const sum = seen ?? {};
  addCounts(sum, chunkUsage, TOP);
  for (const key of DETAILS) {
    const details = obj(chunkUsage[key]);
    if (details === undefined) continue;
    const into = obj(sum[key]) ?? {};
    addCounts(into, details, Object.keys(details));
    sum[key] = into;
  }
  return sum;
}
