import type { TokenUsage } from './pricing/types.js';
import { amount } from './util/read.js';

/**
 * The one vocabulary of token types. Each type has one row: its field in {@link TokenUsage} (the
 * public API, camelCase), its `token_type` label value on `/metrics` (also its key in
 * `CostBreakdown`), and its key in Langfuse's `usage_details`/`cost_details` (Langfuse's own names,
 * see langfuse/langfuse `packages/shared/src/server/otel/OtelIngestionProcessor.ts`).
 *
 * `input` and `output` are totals (OpenAI semantics); the other types are parts of one of them:
 * `cache_read` and `cache_write` of `input`, `reasoning` of `output`.
 */
export const TOKEN_TYPE_TABLE = Object.freeze([
  { field: 'input', label: 'input', langfuseKey: 'input', partOf: undefined },
  { field: 'output', label: 'output', langfuseKey: 'output', partOf: undefined },
  { field: 'cacheRead', label: 'cache_read', langfuseKey: 'input_cached_tokens', partOf: 'input' },
  { field: 'reasoning', label: 'reasoning', langfuseKey: 'output_reasoning_tokens', partOf: 'output' },
  { field: 'cacheWrite', label: 'cache_write', langfuseKey: 'input_cache_creation', partOf: 'input' },
] as const);

/** One row of {@link TOKEN_TYPE_TABLE}. */
export type TokenTypeRow = (typeof TOKEN_TYPE_TABLE)[number];

/** The `token_type` label of each {@link TokenUsage} field, for the hot path (no lookup, no loop). */
export const TOKEN_LABEL = Object.freeze(
  Object.fromEntries(TOKEN_TYPE_TABLE.map((row) => [row.field, row.label])),
) as { readonly [F in TokenTypeRow['field']]: Extract<TokenTypeRow, { field: F }>['label'] };

/** `token_type` label values, in table order. */
export type TokenType = TokenTypeRow['label'];

/** The `token_type` label values of `tradingagents_llm_tokens_total`. */
export const TOKEN_TYPES: readonly TokenType[] = Object.freeze(TOKEN_TYPE_TABLE.map((row) => row.label));

/**
 * A token count as recorded and priced: a finite number `> 0` (capped at
 * `Number.MAX_SAFE_INTEGER`), else 0. The one validation of token numbers.
 */
export function tokenCount(value: unknown): number {
  return Math.min(amount(value), Number.MAX_SAFE_INTEGER);
}

/** Every part of `usage` as a valid count, by {@link TokenUsage} field. */
export function tokenCounts(usage: TokenUsage | undefined): Record<TokenTypeRow['field'], number> {
  const u: Partial<Record<keyof TokenUsage, unknown>> =
    usage !== null && typeof usage === 'object' ? usage : {};
  return {
    input: tokenCount(u.input),
    output: tokenCount(u.output),
    cacheRead: tokenCount(u.cacheRead),
    reasoning: tokenCount(u.reasoning),
    cacheWrite: tokenCount(u.cacheWrite),
  };
}
