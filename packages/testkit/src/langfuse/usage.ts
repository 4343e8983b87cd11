import * as K from './attribute-keys.js';
import type { OtlpAttributes } from './types.js';

// Usage and cost. Docs (OpenTelemetry › Property Mapping › Observation-Level):
// - `usage`: `langfuse.observation.usage_details` (JSON string of Record<string, integer>), else
//   `gen_ai.usage.*` and `llm.token_count.*` — "Token properties are simplified to `input`,
//   `output`, and `total`" (`prompt_tokens`/`input_tokens`/`prompt` → input, and so on).
// - `cost`: `langfuse.observation.cost_details` (JSON string of Record<string, float>), else
//   `gen_ai.usage.cost` "will be set as the `total` cost key".
// A usage_details/cost_details value that is not JSON is skipped (the server falls through to the
// generic keys); the result must then pass Langfuse's UsageDetails/CostDetails schemas, else it
// is dropped. Both cases are reported in `issues` so tests can see what Langfuse would lose.
// The scope-specific branches for the Vercel AI SDK (`ai`) and `pydantic-ai` are not reproduced.

const KEY_MAP: Record<string, string> = {
  prompt_tokens: 'input',
  completion_tokens: 'output',
  total_tokens: 'total',
  input_tokens: 'input',
  output_tokens: 'output',
  prompt: 'input',
  completion: 'output',
};

/** Extracted usage and cost plus anything Langfuse would have dropped. */
export interface UsageAndCost {
  usageDetails: Record<string, number>;
  costDetails: Record<string, number>;
  issues: string[];
}

function parseJson(
  key: string,
  value: unknown,
  issues: string[],
): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(String(value)) };
  } catch {
    issues.push(`${key} is not valid JSON: ${JSON.stringify(value)}`);
    return { ok: false };
  }
}

const isNonNegativeInt = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0;

function isRecordOf(value: unknown, check: (v: unknown) => boolean): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || v === undefined || check(v))
  );
}

// OpenAI usage objects (Chat Completions or Responses) are converted the way the server's
// UsageDetails schema does: details become `input_<key>` / `output_<key>` and are subtracted.
function fromOpenAIShape(value: Record<string, unknown>): Record<string, number> | undefined {
  const shapes = [
    ['prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details'],
    ['input_tokens', 'output_tokens', 'input_tokens_details', 'output_tokens_details'],
  ] as const;
  for (const [inKey, outKey, inDetails, outDetails] of shapes) {
    const allowed = new Set<string>([inKey, outKey, 'total_tokens', inDetails, outDetails]);
    if (!Object.keys(value).every((key) => allowed.has(key))) continue;
    if (![value[inKey], value[outKey], value.total_tokens].every(isNonNegativeInt)) continue;
    const details = [value[inDetails], value[outDetails]];
    if (!details.every((d) => d === undefined || d === null || isRecordOf(d, isNonNegativeInt))) continue;
    const result: Record<string, number> = {
      input: value[inKey] as number,
      output: value[outKey] as number,
      total: value.total_tokens as number,
    };
    for (const [side, detail] of [
      ['input', details[0]],
      ['output', details[1]],
    ] as const) {
      for (const [key, count] of Object.entries((detail ?? {}) as Record<string, unknown>)) {
        if (typeof count !== 'number') continue;
        result[`${side}_${key}`] = count;
        result[side] = Math.max(result[side] - count, 0);
      }
    }
    return result;
  }
  return undefined;
}

function validateUsage(candidate: unknown, issues: string[]): Record<string, number> {
  if (typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate)) {
    const openai = fromOpenAIShape(candidate as Record<string, unknown>);
    if (openai !== undefined) return openai;
    if (isRecordOf(candidate, isNonNegativeInt)) return dropNulls(candidate);
  }
  issues.push(`usage details dropped: not a record of non-negative integers: ${JSON.stringify(candidate)}`);
  return {};
}

function dropNulls(record: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (typeof value === 'number') out[key] = value;
  return out;
}

function usageCandidate(attributes: OtlpAttributes, issues: string[]): unknown {
  const explicit = attributes[K.OBSERVATION_USAGE_DETAILS];
  if (explicit) {
    const parsed = parseJson(K.OBSERVATION_USAGE_DETAILS, explicit, issues);
    if (parsed.ok) return parsed.value;
  }
  const usage: Record<string, number> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const isUsageKey =
      (key.startsWith('gen_ai.usage.') && key !== 'gen_ai.usage.cost') || key.startsWith('llm.token_count');
    if (!isUsageKey) continue;
    const name = key.replace('gen_ai.usage.', '').replace('llm.token_count.', '');
    const number = Number(value);
    if (!Number.isNaN(number)) usage[KEY_MAP[name] ?? name] = number;
  }
  return usage;
}

function costCandidate(attributes: OtlpAttributes, issues: string[]): unknown {
  const explicit = attributes[K.OBSERVATION_COST_DETAILS];
  if (explicit) {
    const parsed = parseJson(K.OBSERVATION_COST_DETAILS, explicit, issues);
    if (parsed.ok) return parsed.value;
  }
  const cost = attributes['gen_ai.usage.cost'];
  return cost ? { total: cost } : {};
}

/** Extracts usage and cost details as Langfuse would store them. */
export function usageAndCostOf(attributes: OtlpAttributes): UsageAndCost {
  const issues: string[] = [];
  const usageDetails = validateUsage(usageCandidate(attributes, issues), issues);
  const cost = costCandidate(attributes, issues);
  let costDetails: Record<string, number> = {};
  if (isRecordOf(cost, (v) => typeof v === 'number' && v >= 0)) costDetails = dropNulls(cost);
  else issues.push(`cost details dropped: not a record of non-negative numbers: ${JSON.stringify(cost)}`);
  return { usageDetails, costDetails, issues };
}
