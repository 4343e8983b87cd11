import { type SseWriter, splitEvenly, splitForStreaming } from '../http/sse.js';
import type { ResolvedReply } from './reply.js';
import { chatUsage } from './tokens.js';

/** Identity of one completion, shared by the JSON body and every stream chunk. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

const FINGERPRINT = 'fp_testkit';

/** The `chat.completion` JSON body. */
export function chatCompletionBody(meta: CompletionMeta, reply: ResolvedReply): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.content,
    refusal: null,
    annotations: [],
  };
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
    usage: chatUsage(reply.usage),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

/**
 * Streams `chat.completion.chunk` events the way the API does: a role chunk, content split over
 * several chunks, tool-call deltas (id and name first, then argument pieces), a finish chunk, then,
 * only with `stream_options.include_usage`, a final chunk with `choices: []` and the usage (every
 * other chunk then carries `usage: null`), and `data: [DONE]`.
 */
export async function streamChatCompletion(
  sse: SseWriter,
  meta: CompletionMeta,
  reply: ResolvedReply,
  includeUsage: boolean,
): Promise<void> {
  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null = null,
  ): Record<string, unknown> => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });

  const events: Record<string, unknown>[] = [
    chunk({ role: 'assistant', content: reply.content === null ? null : '', refusal: null }),
  ];
  for (const piece of splitForStreaming(reply.content ?? '')) events.push(chunk({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const piece of splitEvenly(call.arguments, 3)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, reply.finishReason));
  if (includeUsage) {
    events.push({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
      choices: [],
      usage: chatUsage(reply.usage),
    });
  }
  for (const event of events) {
    if (!(await sse.send(event))) return;
  }
  if (await sse.send('[DONE]')) sse.end();
}
