import type { Context } from '@opentelemetry/api';
import { startGeneration } from '@tradingagents/telemetry/instrumentation-api';
import { obj, str } from '../shared/safe.js';
import type { AgentsSpan } from './types.js';

const startTimeOf = (span: AgentsSpan): number | undefined => {
  const ms = span.startedAt ? Date.parse(span.startedAt) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * Usage of a `generation` span: `usage` (`input_tokens`, `output_tokens`, provider `details`) when the
 * model set it, else the usage of the Chat Completions object the SDK's chat model puts in `output`.
 */
function generationUsage(data: Record<string, unknown>): object | undefined {
  const usage = obj(data.usage);
  if (usage)
    return { ...obj(usage.details), input_tokens: usage.input_tokens, output_tokens: usage.output_tokens };
  const first = Array.isArray(data.output) ? obj(data.output[0]) : undefined;
  return obj(first?.usage);
}

/**
 * Records the model call of a `response` or `generation` span that no provider patch recorded (a
 * custom `Model`, e.g. the AI SDK adapter, or an `openai` client we could not patch): one generation
 * with the usage the SDK put on the span. A `response` span carries the Responses API object only
 * when the run traces data (`traceIncludeSensitiveData`, the default); without it nothing is known.
 */
export function recordUnclaimedModelCall(span: AgentsSpan, parent: Context): void {
  const data = span.spanData;
  const response = data.type === 'response' ? obj(data._response) : undefined;
  const usage = response
    ? obj(response.usage)
    : data.type === 'generation'
      ? generationUsage(data)
      : undefined;
  if (usage === undefined) return;
  const first = Array.isArray(data.output) ? obj(data.output[0]) : undefined;
  const model = str(response?.model) ?? str(first?.model) ?? str(data.model) ?? 'unknown';
  const generation = startGeneration(
    {
      model,
      provider: 'openai',
      operation: 'chat',
      input: data.type === 'response' ? data._input : data.input,
    },
    { parentContext: parent, startTime: startTimeOf(span) },
  );
  generation.setUsage(usage);
  generation.setResponse({ model, id: str(response?.id) ?? str(data.response_id) ?? str(first?.id) });
  generation.setOutput(response ? response.output : data.output);
  generation.end(span.error ? new Error(span.error.message ?? 'model call failed') : undefined);
}

export { startTimeOf };
