import type { TokenUsage } from './pricing/types.js';
import { readNonNegative as num, readObject as obj } from './util/read.js';

/**
 * Reads token usage from the shapes LLM clients return, or `undefined` when none is found:
 * OpenAI Chat Completions (`prompt_tokens`, `completion_tokens`, `*_details`), OpenAI Responses and
 * LangChain `usage_metadata` (`input_tokens`, `output_tokens`, `input_token_details.cache_read`,
 * `output_token_details.reasoning`), Anthropic (`cache_read_input_tokens`, which it does not count
 * in `input_tokens`) and our own {@link TokenUsage}. The result follows OpenAI semantics: `input`
 * includes cached tokens, `output` includes reasoning tokens.
 */
export function normalizeUsage(raw: unknown): TokenUsage | undefined {
  const u = obj(raw);
  if (!u) return undefined;
  // Our own shape.
  if (num(u.input) !== undefined || num(u.output) !== undefined) {
    return {
      input: num(u.input) ?? 0,
      output: num(u.output) ?? 0,
      cacheRead: num(u.cacheRead) ?? 0,
      reasoning: num(u.reasoning) ?? 0,
      cacheWrite: num(u.cacheWrite) ?? 0,
    };
  }
  // OpenAI Chat Completions.
  if (num(u.prompt_tokens) !== undefined || num(u.completion_tokens) !== undefined) {
    return {
      input: num(u.prompt_tokens) ?? 0,
      output: num(u.completion_tokens) ?? 0,
      cacheRead: num(obj(u.prompt_tokens_details)?.cached_tokens) ?? 0,
      reasoning: num(obj(u.completion_tokens_details)?.reasoning_tokens) ?? 0,
      cacheWrite: 0,
    };
  }
  if (num(u.input_tokens) !== undefined || num(u.output_tokens) !== undefined) {
    const inputDetails = obj(u.input_token_details) ?? obj(u.input_tokens_details);
    const outputDetails = obj(u.output_token_details) ?? obj(u.output_tokens_details);
    // Anthropic reports cache reads/writes beside input_tokens, not inside it.
    const anthropicRead = num(u.cache_read_input_tokens);
    const anthropicWrite = num(u.cache_creation_input_tokens);
    if (anthropicRead !== undefined || anthropicWrite !== undefined) {
      const read = anthropicRead ?? 0;
      const write = anthropicWrite ?? 0;
      return {
        input: (num(u.input_tokens) ?? 0) + read + write,
        output: num(u.output_tokens) ?? 0,
        cacheRead: read,
        reasoning: 0,
        cacheWrite: write,
      };
    }
    return {
      input: num(u.input_tokens) ?? 0,
      output: num(u.output_tokens) ?? 0,
      cacheRead: num(inputDetails?.cache_read) ?? num(inputDetails?.cached_tokens) ?? 0,
      reasoning: num(outputDetails?.reasoning) ?? num(outputDetails?.reasoning_tokens) ?? 0,
      cacheWrite: num(inputDetails?.cache_creation) ?? 0,
    };
  }
  return undefined;
}
