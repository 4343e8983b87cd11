import type { Attributes } from '@opentelemetry/api';
import type { CostBreakdown, TokenUsage } from '../pricing/types.js';
import * as sc from '../semconv.js';
import { TOKEN_TYPE_TABLE, tokenCounts } from '../tokens.js';
import type { AnalysisInfo } from './types.js';

/**
 * How our scopes map onto the attributes Langfuse reads from OTel spans
 * (langfuse/langfuse `packages/shared/src/server/otel/OtelIngestionProcessor.ts`): trace-level
 * attributes of an analysis, and usage/cost details of a generation.
 */

/** The trace-level attributes of an analysis, copied onto every span inside it. */
export function analysisTraceAttributes(
  info: AnalysisInfo,
  traceName: string,
): Record<string, string | string[]> {
  const attributes: Record<string, string | string[]> = { [sc.ATTR_LANGFUSE_TRACE_NAME]: traceName };
  if (typeof info.sessionId === 'string') {
    attributes[sc.ATTR_SESSION_ID] = info.sessionId;
    attributes[sc.ATTR_LANGFUSE_SESSION_ID] = info.sessionId;
  }
  if (typeof info.userId === 'string') {
    attributes[sc.ATTR_USER_ID] = info.userId;
    attributes[sc.ATTR_LANGFUSE_USER_ID] = info.userId;
  }
  if (Array.isArray(info.tags)) attributes[sc.ATTR_LANGFUSE_TRACE_TAGS] = info.tags.map(String);
  return attributes;
}

/** The analysis span's own attributes: its type, ticker, trade date and metadata. */
export function analysisSpanAttributes(info: AnalysisInfo, ticker: string): Attributes {
  const attributes: Attributes = {
    [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: 'chain',
    [sc.ATTR_TRADINGAGENTS_TICKER]: ticker,
  };
  if (info.tradeDate) attributes[sc.ATTR_TRADINGAGENTS_TRADE_DATE] = String(info.tradeDate);
  attributes[`${sc.ATTR_LANGFUSE_TRACE_METADATA}.ticker`] = ticker;
  for (const [key, value] of Object.entries(info.metadata ?? {})) {
    attributes[`${sc.ATTR_LANGFUSE_TRACE_METADATA}.${key}`] = value;
  }
  return attributes;
}

/**
 * Usage and cost of one generation: the GenAI semconv token attributes, and Langfuse's
 * `usage_details`/`cost_details` (langfuse/langfuse `OtelIngestionProcessor.ts`). Langfuse's
 * convention: `input`/`output` exclude the parts that have keys of their own (cache reads and writes,
 * reasoning), so that Langfuse's `total` (the sum) is right; the keys come from the token vocabulary
 * ({@link TOKEN_TYPE_TABLE}). Langfuse keeps integer token counts only (a non-integer one is dropped,
 * with the total it was part of), so counts are rounded. A call we cannot price (`cost` undefined)
 * gets no cost at all, neither `cost_details` nor `gen_ai.usage.cost`: Langfuse takes a provided cost
 * as authoritative, and would then not price a model it knows.
 */
export function usageAttributes(usage: TokenUsage, cost: CostBreakdown | undefined): Attributes {
  const counts = tokenCounts(usage);
  for (const row of TOKEN_TYPE_TABLE) counts[row.field] = Math.round(counts[row.field]);
  const attributes: Attributes = {
    [sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS]: counts.input,
    [sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: counts.output,
  };
  if (counts.cacheRead > 0) attributes[sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = counts.cacheRead;
  if (counts.reasoning > 0) attributes[sc.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = counts.reasoning;

  const details: Record<string, number> = {
    input: Math.max(0, counts.input - counts.cacheRead - counts.cacheWrite),
    output: Math.max(0, counts.output - counts.reasoning),
    total: counts.input + counts.output,
  };
  for (const row of TOKEN_TYPE_TABLE) {
    if (row.partOf !== undefined && counts[row.field] > 0) details[row.langfuseKey] = counts[row.field];
  }
  attributes[sc.ATTR_LANGFUSE_OBSERVATION_USAGE_DETAILS] = JSON.stringify(details);
  if (cost === undefined) return attributes;

  const costDetails: Record<string, number> = { input: cost.input, output: cost.output, total: cost.total };
  for (const row of TOKEN_TYPE_TABLE) {
    if (row.partOf !== undefined && cost[row.label] > 0) costDetails[row.langfuseKey] = cost[row.label];
  }
  attributes[sc.ATTR_GEN_AI_USAGE_COST] = cost.total;
  attributes[sc.ATTR_LANGFUSE_OBSERVATION_COST_DETAILS] = JSON.stringify(costDetails);
  return attributes;
}

/** What an analysis was asked: its ticker, trade date and metadata (its observation and trace input). */
export function analysisInput(info: AnalysisInfo, ticker: string): Record<string, unknown> {
  return {
    ticker,
    ...(info.tradeDate ? { tradeDate: String(info.tradeDate) } : {}),
    ...(info.metadata ? { metadata: info.metadata } : {}),
  };
}
