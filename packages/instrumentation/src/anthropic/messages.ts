import type { GenerationInfo, GenerationScope } from '@tradingagents/telemetry/instrumentation-api';
import { num, obj, str } from '../shared/safe.js';
import { StreamedUsage } from './usage.js';

const MAX_CAPTURED_CHARS = 100_000;

/** Collects what a stream tells, event by event, and reports it at the end. */
export interface MessageStreamAccumulator {
  onEvent(event: unknown, generation: GenerationScope): void;
  finish(generation: GenerationScope): void;
  /** Whether `message_stop` arrived: the stream was complete. */
  readonly stopped: boolean;
}

/** Request parameters recorded on the generation. */
function modelParametersOf(
  params: Record<string, unknown>,
): Readonly<Record<string, string | number | boolean>> | undefined {
  const out: Record<string, string | number | boolean> = {};
  for (const key of ['max_tokens', 'temperature', 'top_p', 'top_k'] as const) {
    const value = num(params[key]);
    if (value !== undefined) out[key] = value;
  }
  if (params.stream === true) out.stream = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The generation for a `messages.create` request: the model, and as input the system prompt and messages. */
export function messagesInfo(params: Record<string, unknown>): GenerationInfo {
  return {
    model: str(params.model) ?? 'unknown',
    provider: 'anthropic',
    operation: 'chat',
    input:
      params.system === undefined ? params.messages : { system: params.system, messages: params.messages },
    modelParameters: modelParametersOf(params),
  };
}

function onMessage(message: Record<string, unknown>, generation: GenerationScope): void {
  const usage = obj(message.usage);
  if (usage) generation.setUsage(usage);
  const stopReason = str(message.stop_reason);
  generation.setResponse({
    model: str(message.model),
    id: str(message.id),
    ...(stopReason ? { finishReasons: [stopReason] } : {}),
  });
  generation.setOutput([{ role: 'assistant', content: message.content }]);
}

/** Records a `Message` (the JSON response). */
export function onMessageBody(raw: unknown, generation: GenerationScope): void {
  const message = obj(raw);
  if (message) onMessage(message, generation);
}

interface BlockDraft {
  block: Record<string, unknown>;
  json: string;
}

function applyDelta(draft: BlockDraft, delta: Record<string, unknown>): void {
  const type = str(delta.type);
  const block = draft.block;
  if (type === 'text_delta') {
    const text = `${str(block.text) ?? ''}${str(delta.text) ?? ''}`;
    if (text.length <= MAX_CAPTURED_CHARS) block.text = text;
  } else if (type === 'thinking_delta') {
    const text = `${str(block.thinking) ?? ''}${str(delta.thinking) ?? ''}`;
    if (text.length <= MAX_CAPTURED_CHARS) block.thinking = text;
  } else if (type === 'input_json_delta') {
    const json = draft.json + (str(delta.partial_json) ?? '');
    if (json.length <= MAX_CAPTURED_CHARS) draft.json = json;
  }
}

function finalBlock(draft: BlockDraft): Record<string, unknown> {
  if (draft.json === '') return draft.block;
  try {
    return { ...draft.block, input: JSON.parse(draft.json) };
  } catch {
    return { ...draft.block, input: draft.json };
  }
}

/**
 * A fresh accumulator for a streamed message: the id and model of `message_start`, the usage of
 * `message_start` and `message_delta` merged, the content blocks rebuilt from their deltas (for
 * content capture), the stop reason of `message_delta`, and the first token at the first delta.
 */
export function messageStream(): MessageStreamAccumulator {
  let first = true;
  let stopped = false;
  let id: string | undefined;
  let model: string | undefined;
  let stopReason: string | undefined;
  const usage = new StreamedUsage();
  const blocks: BlockDraft[] = [];
  return {
    get stopped() {
      return stopped;
    },
    onEvent(raw, generation) {
      const event = obj(raw);
      if (!event) return;
      switch (str(event.type)) {
        case 'message_start': {
          const message = obj(event.message) ?? {};
          id = str(message.id);
          model = str(message.model);
          usage.merge(message.usage);
          break;
        }
        case 'content_block_start': {
          const index = num(event.index) ?? blocks.length;
          blocks[index] = { block: { ...obj(event.content_block) }, json: '' };
          break;
        }
        case 'content_block_delta': {
          if (first) {
            first = false;
            generation.markFirstToken();
          }
          const draft = blocks[num(event.index) ?? -1];
          const delta = obj(event.delta);
          if (draft && delta) applyDelta(draft, delta);
          break;
        }
        case 'message_delta':
          stopReason = str(obj(event.delta)?.stop_reason) ?? stopReason;
          usage.merge(event.usage);
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
      }
    },
    finish(generation) {
      if (usage.value) generation.setUsage(usage.value);
      generation.setResponse({ model, id, ...(stopReason ? { finishReasons: [stopReason] } : {}) });
      generation.setOutput([{ role: 'assistant', content: blocks.filter(Boolean).map(finalBlock) }]);
    },
  };
}
