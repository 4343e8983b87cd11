// The loopback model's policy for the corpus: a deterministic stand-in for a real model that
// uses tools the way the corpus apps expect (a pure function of the request, so an app's output
// is the same with and without instrumentation, and parallel branches may arrive in any order).
//
// - `response_format: json_schema` (withStructuredOutput, json mode): a JSON instance of the schema.
// - A forced `tool_choice` (withStructuredOutput, function calling): that function with valid arguments.
// - Otherwise, with tools offered: every work tool not yet called in this conversation, all in one
//   turn (so ToolNode runs them in parallel); then the first handoff (`transfer_to_*`) not yet
//   called; then a plain answer (the testkit's default text for the last user message).

const HANDOFF = /^transfer_(to|back_to)_/;

/** A value that satisfies a JSON schema (the subset zod and LangChain emit). */
export function instanceOf(schema, key = 'value') {
  if (schema === undefined || schema === null || typeof schema !== 'object') return `${key} sample`;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    return instanceOf(alternatives.find((s) => s.type !== 'null') ?? alternatives[0], key);
  }
  if (Array.isArray(schema.allOf)) return instanceOf(schema.allOf[0], key);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out = {};
      for (const [name, sub] of Object.entries(schema.properties ?? {})) out[name] = instanceOf(sub, name);
      return out;
    }
    case 'array':
      return [instanceOf(schema.items, key)];
    case 'integer':
      return Math.max(2, Math.ceil(schema.minimum ?? 2));
    case 'number':
      return Math.max(2, schema.minimum ?? 2);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return `${key} sample`;
  }
}

function toolCall(fn, turn) {
  return { id: `call_${fn.name}_${turn}`, name: fn.name, arguments: instanceOf(fn.parameters) };
}

/** Tools offered and tool names already called, for Chat Completions or the Responses API. */
function conversation(request) {
  const body = request.body;
  const called = new Set();
  if (request.endpoint === 'chat') {
    for (const message of request.messages ?? []) {
      for (const call of message?.tool_calls ?? []) called.add(call?.function?.name);
    }
    const functions = request.tools.map((t) => t?.function).filter((f) => typeof f?.name === 'string');
    return {
      functions,
      called,
      turn: (request.messages ?? []).length,
      forced: body.tool_choice?.function?.name,
    };
  }
  const items = Array.isArray(request.input) ? request.input : [];
  for (const item of items) {
    if (item?.type === 'function_call') called.add(item.name);
    // @ai-sdk/openai 2.0.1xx+ sends earlier calls as `item_reference`s (stored responses): their
    // outputs still carry our call id, `call_<name>_<turn>`.
    const id = item?.type === 'function_call_output' ? /^call_(.+)_\d+$/.exec(item.call_id ?? '') : null;
    if (id) called.add(id[1]);
  }
  const functions = request.tools.filter((t) => t?.type === 'function' && typeof t.name === 'string');
  const forced = body.tool_choice?.type === 'function' ? body.tool_choice.name : undefined;
  return { functions, called, turn: items.length, forced };
}

/** A testkit `Responder`. */
export function corpusResponder(request) {
  if (request.endpoint === 'embeddings') return undefined;
  const body = request.body;
  const format = request.endpoint === 'chat' ? body.response_format : body.text?.format;
  if (format?.type === 'json_schema') {
    return { content: JSON.stringify(instanceOf(format.json_schema?.schema ?? format.schema)) };
  }
  const { functions, called, turn, forced } = conversation(request);
  if (functions.length === 0) {
    return format?.type === 'json_object' ? { content: '{"answer":"ok"}' } : undefined;
  }
  if (typeof forced === 'string') {
    const fn = functions.find((f) => f.name === forced);
    if (fn) return { toolCalls: [toolCall(fn, turn)] };
  }
  const pending = functions.filter((f) => !called.has(f.name));
  const work = pending.filter((f) => !HANDOFF.test(f.name));
  if (work.length > 0) return { toolCalls: work.map((f) => toolCall(f, turn)) };
  const handoff = pending.find((f) => f.name.startsWith('transfer_to_'));
  if (handoff) return { toolCalls: [toolCall(handoff, turn)] };
  return undefined;
}

/**
 * The loopback Anthropic model's policy: the testkit's default text, and for a request whose
 * system prompt is marked `cache_control`, the prompt-cache usage the API would report (a write,
 * then reads), so that the cache token types are exercised end to end.
 */
export function anthropicCorpusResponder(request) {
  const system = Array.isArray(request.system) ? request.system : [];
  if (!system.some((block) => block?.cache_control)) return undefined;
  return { usage: { inputTokens: 12, cacheReadInputTokens: 64, cacheCreationInputTokens: 16 } };
}
