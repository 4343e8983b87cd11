import { type SseWriter, splitEvenly, splitForStreaming } from '../http/sse.js';
import type { CompletionMeta } from './chat.js';
import type { ResolvedReply } from './reply.js';
import { responsesUsage } from './tokens.js';

/** Ids for the output items of one response. */
export interface ResponseItemIds {
  message: string;
  functionCalls: string[];
}

type Json = Record<string, unknown>;

function messageItem(id: string, text: string, status: 'in_progress' | 'completed'): Json {
  const content =
    status === 'completed' ? [{ type: 'output_text', text, annotations: [], logprobs: [] }] : [];
  return { id, type: 'message', status, role: 'assistant', content };
}

function functionCallItem(
  id: string,
  call: ResolvedReply['toolCalls'][number],
  status: 'in_progress' | 'completed',
): Json {
  return {
    id,
    type: 'function_call',
    status,
    call_id: call.id,
    name: call.name,
    arguments: status === 'completed' ? call.arguments : '',
  };
}

function completedOutput(reply: ResolvedReply, ids: ResponseItemIds): Json[] {
  const output: Json[] = [];
  if (reply.content !== null) output.push(messageItem(ids.message, reply.content, 'completed'));
  reply.toolCalls.forEach((call, i) => {
    output.push(functionCallItem(ids.functionCalls[i], call, 'completed'));
  });
  return output;
}

/** The `response` object; `status: 'in_progress'` gives the shape sent in `response.created`. */
export function responseBody(
  meta: CompletionMeta,
  request: Json,
  reply: ResolvedReply,
  ids: ResponseItemIds,
  status: 'in_progress' | 'completed' = 'completed',
): Json {
  const done = status === 'completed';
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: meta.model,
    output: done ? completedOutput(reply, ids) : [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: done ? responsesUsage(reply.usage) : null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

/**
 * Streams the Responses API event sequence with `event:` lines and increasing `sequence_number`:
 * `response.created`, `response.in_progress`, then per output item `response.output_item.added`,
 * (`response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,
 * `response.content_part.done`) or (`response.function_call_arguments.delta`…,
 * `response.function_call_arguments.done`), `response.output_item.done`, and finally
 * `response.completed` carrying the full response with usage. No `[DONE]`, as on the real API.
 */
export async function streamResponse(
  sse: SseWriter,
  meta: CompletionMeta,
  request: Json,
  reply: ResolvedReply,
  ids: ResponseItemIds,
): Promise<void> {
  const events: Json[] = [
    { type: 'response.created', response: responseBody(meta, request, reply, ids, 'in_progress') },
    { type: 'response.in_progress', response: responseBody(meta, request, reply, ids, 'in_progress') },
  ];
  let outputIndex = 0;
  if (reply.content !== null) {
    const text = reply.content;
    const base = { item_id: ids.message, output_index: outputIndex, content_index: 0 };
    events.push({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: messageItem(ids.message, '', 'in_progress'),
    });
    events.push({
      type: 'response.content_part.added',
      ...base,
      part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
    });
    for (const delta of splitForStreaming(text)) {
      events.push({ type: 'response.output_text.delta', ...base, delta, logprobs: [] });
    }
    events.push({ type: 'response.output_text.done', ...base, text, logprobs: [] });
    events.push({
      type: 'response.content_part.done',
      ...base,
      part: { type: 'output_text', text, annotations: [], logprobs: [] },
    });
    events.push({
      type: 'response.output_item.done',
      output_index: outputIndex,
      item: messageItem(ids.message, text, 'completed'),
    });
    outputIndex++;
  }
  reply.toolCalls.forEach((call, i) => {
    const itemId = ids.functionCalls[i];
    events.push({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: functionCallItem(itemId, call, 'in_progress'),
    });
    for (const delta of splitEvenly(call.arguments, 3)) {
      events.push({
        type: 'response.function_call_arguments.delta',
        item_id: itemId,
        output_index: outputIndex,
        delta,
      });
    }
    events.push({
      type: 'response.function_call_arguments.done',
      item_id: itemId,
      output_index: outputIndex,
      name: call.name,
      arguments: call.arguments,
    });
    events.push({
      type: 'response.output_item.done',
      output_index: outputIndex,
      item: functionCallItem(itemId, call, 'completed'),
    });
    outputIndex++;
  });
  events.push({ type: 'response.completed', response: responseBody(meta, request, reply, ids) });

  let sequence = 0;
  for (const event of events) {
    if (!(await sse.send({ ...event, sequence_number: sequence++ }, String(event.type)))) return;
  }
  sse.end();
}
