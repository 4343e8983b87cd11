import type { Responder, ResponderRequest, ScriptedReply } from '@tradingagents/testkit';
import {
  answerConversation,
  type Conversation,
  parseToolResult,
  type RoleResponderOptions,
  textOf,
} from './responder.js';

type Message = { role?: string; content?: unknown };
type Item = Message & { type?: string; output?: unknown };

const userOf = (request: ResponderRequest): string | undefined =>
  typeof request.body.user === 'string' ? request.body.user : undefined;

/** A Chat Completions request: `messages`, tool results as `role: 'tool'` messages. */
function chatConversation(request: ResponderRequest): Omit<Conversation, 'lastIsToolResult' | 'hasTools'> {
  const messages = (request.messages ?? []) as Message[];
  return {
    system: textOf(messages.find((m) => m.role === 'system' || m.role === 'developer')?.content),
    texts: messages.map((m) => textOf(m.content)),
    toolResults: messages
      .filter((m) => m.role === 'tool')
      .map((m) => parseToolResult(textOf(m.content)))
      .filter((r) => r !== undefined),
  };
}

/**
 * A Responses API request (the AI SDK's and the Agents SDK's default): `instructions` (or a
 * system/developer item) and `input` items, tool results as `function_call_output` items.
 */
function responsesConversation(
  request: ResponderRequest,
): Omit<Conversation, 'lastIsToolResult' | 'hasTools'> {
  const items: Item[] =
    typeof request.input === 'string'
      ? [{ role: 'user', content: request.input }]
      : ((request.input ?? []) as Item[]);
  const instructions = typeof request.body.instructions === 'string' ? request.body.instructions : undefined;
  const system =
    instructions ?? textOf(items.find((i) => i.role === 'system' || i.role === 'developer')?.content);
  return {
    system,
    texts: [system, ...items.map((i) => textOf(i.content))],
    toolResults: items
      .filter((i) => i.type === 'function_call_output')
      .map((i) => parseToolResult(textOf(i.output)))
      .filter((r) => r !== undefined),
  };
}

/** The role stand-in behind the embedded OpenAI-compatible server (Chat Completions and Responses). */
export function createRoleResponder(options: RoleResponderOptions): Responder {
  return (request: ResponderRequest): ScriptedReply | undefined => {
    if (request.endpoint === 'embeddings') return undefined;
    const answer = answerConversation(
      {
        ...(request.endpoint === 'responses' ? responsesConversation(request) : chatConversation(request)),
        lastIsToolResult: request.lastMessageIsToolResult,
        hasTools: request.tools.length > 0,
        user: userOf(request),
      },
      options,
    );
    if ('error' in answer) return { latencyMs: answer.latencyMs, error: answer.error };
    if ('toolCalls' in answer) return { latencyMs: answer.latencyMs, toolCalls: [...answer.toolCalls] };
    return answer.content === undefined
      ? { latencyMs: answer.latencyMs }
      : { latencyMs: answer.latencyMs, content: answer.content };
  };
}
