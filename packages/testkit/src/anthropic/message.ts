import type { SseWriter } from '../http/sse.js';
import { splitEvenly, splitForStreaming } from '../http/sse.js';
import { estimateTokens } from '../openai/tokens.js';
import { anthropicErrorBody } from './errors.js';
import type { AnthropicScriptedReply } from './types.js';

type Json = Record<string, unknown>;

/** One reply, resolved: its content blocks, stop reason and usage (Anthropic's meaning). */
export interface ResolvedAnthropicReply {
  text: string | undefined;
  toolUses: { id: string; name: string; input: Record<string, unknown> }[];
  stopReason: string;
  usage: {
    input_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
    output_tokens: number;
  };
  streamErrorAfter: number | undefined;
}

/** Fills in a scripted reply: ids, stop reason and the usage estimated from text lengths. */
export function resolveAnthropicReply(
  scripted: AnthropicScriptedReply,
  defaultText: string,
  promptText: string,
  nextId: (prefix: string) => string,
): ResolvedAnthropicReply {
  const toolUses = (scripted.toolUses ?? []).map((t) => ({
    id: t.id ?? nextId('toolu_'),
    name: t.name,
    input: t.input,
  }));
  const text = scripted.text ?? (toolUses.length > 0 ? undefined : defaultText);
  const completion = [text ?? '', ...toolUses.map((t) => JSON.stringify(t.input))].join('');
  const u = scripted.usage ?? {};
  return {
    text,
    toolUses,
    stopReason: scripted.stopReason ?? (toolUses.length > 0 ? 'tool_use' : 'end_turn'),
    usage: {
      input_tokens: u.inputTokens ?? estimateTokens(promptText),
      cache_creation_input_tokens: u.cacheCreationInputTokens ?? 0,
      cache_read_input_tokens: u.cacheReadInputTokens ?? 0,
      output_tokens: u.outputTokens ?? estimateTokens(completion),
    },
    streamErrorAfter: scripted.streamErrorAfter,
  };
}

function contentBlocks(reply: ResolvedAnthropicReply): Json[] {
  const blocks: Json[] = [];
  if (reply.text !== undefined) blocks.push({ type: 'text', text: reply.text });
  for (const t of reply.toolUses) blocks.push({ type: 'tool_use', id: t.id, name: t.name, input: t.input });
  return blocks;
}

/** The `POST /v1/messages` JSON body (a `Message`). */
export function messageBody(id: string, model: string, reply: ResolvedAnthropicReply): Json {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: contentBlocks(reply),
    stop_reason: reply.stopReason,
    stop_sequence: null,
    usage: { ...reply.usage, service_tier: 'standard' },
  };
}

/**
 * Streams a message as the API does: `message_start` (input and cache usage, `output_tokens: 1`),
 * a `ping`, per block `content_block_start` / `content_block_delta` (`text_delta`,
 * `input_json_delta`) / `content_block_stop`, then `message_delta` (stop reason and the cumulative
 * `output_tokens`) and `message_stop`. Each event is `event: <type>` plus `data: <json>`.
 */
export async function streamMessage(
  sse: SseWriter,
  id: string,
  model: string,
  reply: ResolvedAnthropicReply,
  requestId: string,
): Promise<void> {
  const { output_tokens: outputTokens, ...inputUsage } = reply.usage;
  const events: [string, Json][] = [
    [
      'message_start',
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...inputUsage, output_tokens: 1, service_tier: 'standard' },
        },
      },
    ],
  ];
  const content: [string, Json][] = [];
  let index = 0;
  if (reply.text !== undefined) {
    content.push([
      'content_block_start',
      { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
    ]);
    for (const piece of splitForStreaming(reply.text)) {
      content.push([
        'content_block_delta',
        { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } },
      ]);
    }
    content.push(['content_block_stop', { type: 'content_block_stop', index }]);
    index++;
  }
  for (const tool of reply.toolUses) {
    content.push([
      'content_block_start',
      {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: tool.id, name: tool.name, input: {} },
      },
    ]);
    for (const piece of splitEvenly(JSON.stringify(tool.input), 3)) {
      content.push([
        'content_block_delta',
        { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
      ]);
    }
    content.push(['content_block_stop', { type: 'content_block_stop', index }]);
    index++;
  }
  // The API sends a ping after the first content block starts.
  content.splice(Math.min(1, content.length), 0, ['ping', { type: 'ping' }]);
  if (reply.streamErrorAfter !== undefined) {
    events.push(...content.slice(0, reply.streamErrorAfter));
    events.push(['error', anthropicErrorBody({ status: 529 }, requestId)]);
  } else {
    events.push(...content);
    events.push([
      'message_delta',
      {
        type: 'message_delta',
        delta: { stop_reason: reply.stopReason, stop_sequence: null },
        usage: { output_tokens: outputTokens },
      },
    ]);
    events.push(['message_stop', { type: 'message_stop' }]);
  }
  for (const [event, data] of events) {
    if (!(await sse.send(data, event))) return;
  }
  sse.end();
}
