import * as K from './attribute-keys.js';
import type { OtlpAttributes, OtlpAttributeValue, OtlpSpanEvent } from './types.js';

// Input/output mapping. Docs (OpenTelemetry › Property Mapping › Observation-Level › `input` /
// `output`): `langfuse.observation.input|output`, `gen_ai.prompt|completion`, `input.value|output.value`,
// `mlflow.spanInputs|spanOutputs`; for traces `langfuse.trace.input|output`, else the root span's.
// The order of the fallbacks follows the server's `extractInputAndOutput`. Framework-specific
// branches for the Vercel AI SDK, Google ADK, Logfire, LiveKit and Pydantic AI are not reproduced.

/** Keys consumed as input/output, left out of `metadata.attributes` as the server does. */
const IO_KEYS = new Set([
  K.TRACE_INPUT,
  K.TRACE_OUTPUT,
  K.OBSERVATION_INPUT,
  K.OBSERVATION_OUTPUT,
  'mlflow.spanInputs',
  'mlflow.spanOutputs',
  'traceloop.entity.input',
  'traceloop.entity.output',
  'input.value',
  'output.value',
  'input',
  'output',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
]);
const IO_PREFIXES = ['gen_ai.prompt', 'gen_ai.completion', 'llm.input_messages', 'llm.output_messages'];

/** The span attributes minus input/output keys, non-strings JSON-encoded (Langfuse's `metadata.attributes`). */
export function filteredAttributes(attributes: OtlpAttributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (IO_KEYS.has(key) || IO_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Input and output of a span. */
export interface InputOutput {
  input: unknown;
  output: unknown;
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && value !== 0 && value !== false;
}

/** Presents JSON object/array strings as values, the way the Langfuse UI and API show them. */
export function presentValue(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

// `gen_ai.prompt.0.role` style keys become nested arrays/objects.
function nestByPath(attributes: OtlpAttributes, prefix: string): unknown {
  if (prefix in attributes) return attributes[prefix];
  let root: Record<string, unknown> | unknown[] | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const path = key.slice(prefix.length + 1).split('.');
    root ??= /^\d+$/.test(path[0]) ? [] : {};
    let node: Record<string, unknown> = root as Record<string, unknown>;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      node[part] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

function hasPrefix(attributes: OtlpAttributes, prefix: string): boolean {
  return Object.keys(attributes).some((key) => key.startsWith(prefix));
}

function pair(attributes: OtlpAttributes, inputKey: string, outputKey: string): InputOutput | undefined {
  const input = attributes[inputKey];
  const output = attributes[outputKey];
  return truthy(input) || truthy(output) ? { input: input ?? null, output: output ?? null } : undefined;
}

const MESSAGE_EVENTS = new Set([
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
]);

function fromEvents(events: OtlpSpanEvent[]): InputOutput | undefined {
  const inputs = events.filter((event) => MESSAGE_EVENTS.has(event.name));
  const choices = events.filter((event) => event.name === 'gen_ai.choice');
  if (inputs.length === 0 && choices.length === 0) return undefined;
  const input = inputs.map((event) => ({
    role: event.name.replace('gen_ai.', '').replace('.message', ''),
    ...event.attributes,
  }));
  const output = choices.map((event) => event.attributes);
  return {
    input: input.length > 0 ? input : null,
    output: output.length === 0 ? null : output.length === 1 ? output[0] : output,
  };
}

/** Extracts input and output; `domain: 'trace'` prefers `langfuse.trace.input|output`. */
export function inputOutputOf(
  attributes: OtlpAttributes,
  events: OtlpSpanEvent[],
  domain: 'trace' | 'observation',
): InputOutput {
  const raw = ((): InputOutput => {
    // Langfuse keys win outright (compared with `!= null`, not truthiness).
    const traceIn =
      domain === 'trace' && truthy(attributes[K.TRACE_INPUT]) ? attributes[K.TRACE_INPUT] : undefined;
    const traceOut =
      domain === 'trace' && truthy(attributes[K.TRACE_OUTPUT]) ? attributes[K.TRACE_OUTPUT] : undefined;
    const input: OtlpAttributeValue | undefined = traceIn ?? attributes[K.OBSERVATION_INPUT];
    const output: OtlpAttributeValue | undefined = traceOut ?? attributes[K.OBSERVATION_OUTPUT];
    if ((input !== undefined && input !== null) || (output !== undefined && output !== null)) {
      return { input: input ?? null, output: output ?? null };
    }
    const found =
      fromEvents(events) ??
      pair(attributes, 'mlflow.spanInputs', 'mlflow.spanOutputs') ??
      pair(attributes, 'traceloop.entity.input', 'traceloop.entity.output') ??
      pair(attributes, 'input.value', 'output.value') ??
      pair(attributes, 'input', 'output');
    if (found !== undefined) return found;
    if (hasPrefix(attributes, 'gen_ai.prompt') || hasPrefix(attributes, 'gen_ai.completion')) {
      return {
        input: nestByPath(attributes, 'gen_ai.prompt') ?? {},
        output: nestByPath(attributes, 'gen_ai.completion') ?? {},
      };
    }
    if (hasPrefix(attributes, 'llm.input_messages') || hasPrefix(attributes, 'llm.output_messages')) {
      return {
        input: nestByPath(attributes, 'llm.input_messages') ?? {},
        output: nestByPath(attributes, 'llm.output_messages') ?? {},
      };
    }
    return (
      pair(attributes, 'gen_ai.input.messages', 'gen_ai.output.messages') ??
      pair(attributes, 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result') ?? {
        input: null,
        output: null,
      }
    );
  })();
  return { input: presentValue(raw.input), output: presentValue(raw.output) };
}
