import { defaultReply } from './default-responder.js';
import { computeUsage, type TokenUsage } from './tokens.js';
import type { ResponderRequest, ScriptedReply } from './types.js';

/** A tool call with its id and JSON-encoded arguments. */
export interface ResolvedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A reply with every default filled in, ready to be shaped for an endpoint. */
export interface ResolvedReply {
  content: string | null;
  toolCalls: ResolvedToolCall[];
  finishReason: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  usage: TokenUsage;
}

/**
 * Fills in a scripted reply: default text when there is neither content nor tool calls,
 * generated call ids, and usage estimated from the prompt and reply text unless overridden.
 */
export function resolveReply(
  scripted: ScriptedReply,
  request: ResponderRequest,
  promptText: string,
  nextId: (prefix: string) => string,
): ResolvedReply {
  const toolCalls = (scripted.toolCalls ?? []).map((call) => ({
    id: call.id ?? nextId('call_'),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  let content: string | null = scripted.content ?? null;
  if (content === null && toolCalls.length === 0) content = defaultReply(request).content ?? '';
  const completionText = [content ?? '', ...toolCalls.map((call) => call.name + call.arguments)].join('');
  return {
    content,
    toolCalls,
    finishReason: scripted.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: computeUsage(promptText, completionText, scripted.usage),
  };
}
