import type { GenerationScope } from '@tradingagents/telemetry/instrumentation-api';
import { obj, str } from '../shared/safe.js';
import type { Operation, StreamAccumulator } from './operation.js';
import { modelParametersOf } from './request-info.js';

const MAX_CAPTURED_CHARS = 100_000;

interface ToolCallDraft {
  id?: string;
  name?: string;
  arguments: string;
}

function chatStream(): StreamAccumulator {
  let first = true;
  let text = '';
  const toolCalls: ToolCallDraft[] = [];
  const finishReasons: string[] = [];
  let model: string | undefined;
  let id: string | undefined;
  let usage: Record<string, unknown> | undefined;
  return {
    onChunk(raw, generation) {
      const chunk = obj(raw);
      if (!chunk) return;
      model ??= str(chunk.model);
      id ??= str(chunk.id);
      // The final chunk of `include_usage` streams has `choices: []` and the usage.
      usage = obj(chunk.usage) ?? usage;
      for (const c of Array.isArray(chunk.choices) ? chunk.choices : []) {
        const choice = obj(c) ?? {};
        const delta = obj(choice.delta) ?? {};
        const content = str(delta.content);
        const deltaCalls = Array.isArray(delta.tool_calls) ? delta.tool_calls : [];
        if (first && (content !== undefined || deltaCalls.length > 0)) {
          first = false;
          generation.markFirstToken();
        }
        if (content !== undefined && text.length < MAX_CAPTURED_CHARS) text += content;
        for (const t of deltaCalls) {
          const call = obj(t) ?? {};
          const index = typeof call.index === 'number' ? call.index : 0;
          const fn = obj(call.function) ?? {};
          toolCalls[index] ??= { arguments: '' };
          const draft = toolCalls[index];
          draft.id ??= str(call.id);
          draft.name ??= str(fn.name);
          const args = str(fn.arguments);
          if (args !== undefined && draft.arguments.length < MAX_CAPTURED_CHARS) draft.arguments += args;
        }
        const reason = str(choice.finish_reason);
        if (reason !== undefined) finishReasons.push(reason);
      }
    },
    finish(generation) {
      if (usage) generation.setUsage(usage);
      generation.setResponse({ model, id, finishReasons });
      const message: Record<string, unknown> = { role: 'assistant', content: text };
      if (toolCalls.length > 0) message.tool_calls = toolCalls.filter(Boolean);
      generation.setOutput([message]);
    },
  };
}

function onChatBody(raw: unknown, generation: GenerationScope): void {
  const body = obj(raw);
  if (!body) return;
  const usage = obj(body.usage);
  if (usage) generation.setUsage(usage);
  const choices = Array.isArray(body.choices) ? body.choices.map((c) => obj(c) ?? {}) : [];
  generation.setResponse({
    model: str(body.model),
    id: str(body.id),
    finishReasons: choices.map((c) => str(c.finish_reason)).filter((r): r is string => r !== undefined),
  });
  generation.setOutput(choices.map((c) => c.message));
}

/** `chat.completions.create`, streamed or not. */
export const chatCompletions: Operation = {
  name: 'chat.completions.create',
  info: (params) => ({
    model: str(params.model) ?? 'unknown',
    provider: 'openai',
    operation: 'chat',
    input: params.messages,
    modelParameters: modelParametersOf(params),
  }),
  rewrite(params, config) {
    if (!config.includeStreamUsage || params.stream !== true) return undefined;
    const options = obj(params.stream_options);
    if (options !== undefined && options.include_usage !== undefined) return undefined;
    return { ...params, stream_options: { ...options, include_usage: true } };
  },
  onBody: onChatBody,
  stream: chatStream,
};
