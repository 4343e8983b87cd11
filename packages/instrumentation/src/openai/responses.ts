import type { GenerationScope } from '@tradingagents/telemetry/instrumentation-api';
import { obj, str } from '../shared/safe.js';
import type { Operation, StreamAccumulator } from './operation.js';
import { modelParametersOf } from './request-info.js';

/** The `output` items of a response, for content capture (the SDK adds `output_text` itself). */
function outputOf(response: Record<string, unknown>): unknown {
  return response.output ?? response.output_text;
}

function onResponse(response: Record<string, unknown>, generation: GenerationScope): void {
  const usage = obj(response.usage);
  if (usage) generation.setUsage(usage);
  const status = str(response.status);
  generation.setResponse({
    model: str(response.model),
    id: str(response.id),
    ...(status ? { finishReasons: [status] } : {}),
  });
  generation.setOutput(outputOf(response));
}

/** Terminal events of a Responses stream; each carries the full response, usage included. */
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function responsesStream(): StreamAccumulator {
  let first = true;
  let final: Record<string, unknown> | undefined;
  let latest: Record<string, unknown> | undefined;
  return {
    onChunk(raw, generation) {
      const event = obj(raw);
      const type = str(event?.type) ?? '';
      if (first && type.endsWith('.delta')) {
        first = false;
        generation.markFirstToken();
      }
      const response = obj(event?.response);
      if (response) latest = response;
      if (response && TERMINAL_EVENTS.has(type)) final = response;
    },
    finish(generation) {
      const response = final ?? latest;
      if (response) onResponse(response, generation);
    },
  };
}

/** `responses.create`, streamed or not. */
export const responsesCreate: Operation = {
  name: 'responses.create',
  info: (params) => ({
    model: str(params.model) ?? 'unknown',
    provider: 'openai',
    operation: 'chat',
    input:
      params.instructions === undefined
        ? params.input
        : { instructions: params.instructions, input: params.input },
    modelParameters: modelParametersOf(params),
  }),
  onBody: (raw, generation) => {
    const body = obj(raw);
    if (body) onResponse(body, generation);
  },
  stream: responsesStream,
};
