import * as K from './attribute-keys.js';
import type { LangfuseObservationType, OtlpAttributes, OtlpAttributeValue } from './types.js';

// Observation type inference, reimplementing the priority list of the server's
// ObservationTypeMapperRegistry (packages/shared/src/server/otel/ObservationTypeMapper.ts) and the
// docs (OpenTelemetry › Property Mapping › Observation-Level › `type`: "Any span that includes an
// attribute mapped to `model` is considered an LLM call and thus tracked as a `generation`").
// The first rule that yields a known type wins; a value a rule does not know falls through.

const KNOWN: readonly LangfuseObservationType[] = [
  'span',
  'generation',
  'event',
  'embedding',
  'agent',
  'tool',
  'chain',
  'retriever',
  'guardrail',
  'evaluator',
];

// openinference.span.kind values (upper case) to Langfuse types.
const OPENINFERENCE: Record<string, LangfuseObservationType> = {
  CHAIN: 'chain',
  RETRIEVER: 'retriever',
  LLM: 'generation',
  EMBEDDING: 'embedding',
  AGENT: 'agent',
  TOOL: 'tool',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'evaluator',
};

// gen_ai.operation.name values (OTel GenAI semconv) to Langfuse types.
const GEN_AI_OPERATION: Record<string, LangfuseObservationType> = {
  chat: 'generation',
  completion: 'generation',
  text_completion: 'generation',
  generate_content: 'generation',
  generate: 'generation',
  embeddings: 'embedding',
  invoke_agent: 'agent',
  create_agent: 'agent',
  execute_tool: 'tool',
};

const VERCEL_GENERATION = [
  'ai.generateText.doGenerate',
  'ai.streamText.doStream',
  'ai.generateObject.doGenerate',
  'ai.streamObject.doStream',
];
const VERCEL_EMBEDDING = ['ai.embedMany.doEmbed', 'ai.embed.doEmbed'];

function meaningful(value: OtlpAttributeValue | undefined): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

// Vercel AI SDK: `operation.name` starts with a prefix, or `ai.operationId` equals one.
function vercelOperation(attributes: OtlpAttributes, prefixes: readonly string[]): boolean {
  const name = attributes['operation.name'];
  const id = attributes['ai.operationId'];
  return (
    (typeof name === 'string' && prefixes.some((prefix) => name.startsWith(prefix))) ||
    (typeof id === 'string' && prefixes.includes(id))
  );
}

/** Infers the Langfuse observation type of a span from its attributes. */
export function observationTypeOf(attributes: OtlpAttributes): LangfuseObservationType {
  // 1. `langfuse.observation.type` set explicitly (docs: "span" | "generation" | "event" | …).
  const explicit = attributes[K.OBSERVATION_TYPE];
  if (typeof explicit === 'string' && (KNOWN as readonly string[]).includes(explicit)) {
    return explicit as LangfuseObservationType;
  }
  // 2. OpenInference `openinference.span.kind`.
  const kind = attributes['openinference.span.kind'];
  if (typeof kind === 'string' && OPENINFERENCE[kind] !== undefined) return OPENINFERENCE[kind];
  // 3. OTel GenAI `gen_ai.operation.name`.
  const operation = attributes['gen_ai.operation.name'];
  if (typeof operation === 'string' && GEN_AI_OPERATION[operation] !== undefined)
    return GEN_AI_OPERATION[operation];
  // 4. Vercel AI SDK model calls, only when a model attribute is present.
  const hasVercelModel = [
    K.OBSERVATION_MODEL,
    'ai.model.id',
    'gen_ai.request.model',
    'gen_ai.response.model',
  ].some((key) => meaningful(attributes[key]));
  if (hasVercelModel && vercelOperation(attributes, VERCEL_GENERATION)) return 'generation';
  if (hasVercelModel && vercelOperation(attributes, VERCEL_EMBEDDING)) return 'embedding';
  // 5. Vercel AI SDK tool calls.
  if (vercelOperation(attributes, ['ai.toolCall'])) return 'tool';
  // 6. GenAI tool attributes without an operation name (e.g. Pydantic AI).
  if (meaningful(attributes['gen_ai.tool.name']) || meaningful(attributes['gen_ai.tool.call.id']))
    return 'tool';
  // 7. Any attribute mapped to `model` makes it a generation.
  const modelKeys = [
    K.OBSERVATION_MODEL,
    'gen_ai.request.model',
    'gen_ai.response.model',
    'llm.model_name',
    'model',
  ];
  if (modelKeys.some((key) => meaningful(attributes[key]))) return 'generation';
  return 'span';
}

/**
 * Whether Langfuse keeps generation fields (model, usage, cost, prompt, completion start) for this
 * type. `span-create` and `event-create` bodies have no such fields, so Langfuse drops them there.
 */
export function carriesGenerationFields(type: LangfuseObservationType): boolean {
  return type !== 'span' && type !== 'event';
}
