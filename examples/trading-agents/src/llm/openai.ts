import type { Responder, ResponderRequest, ScriptedReply } from '@tradingagents/testkit';
import { answerConversation, parseToolResult, type RoleResponderOptions, textOf } from './responder.js';

type Message = { role?: string; content?: unknown };

/** The role stand-in behind the embedded OpenAI-compatible server (Chat Completions). */
export function createRoleResponder(options: RoleResponderOptions): Responder {
  return (request: ResponderRequest): ScriptedReply | undefined => {
    const messages = (request.messages ?? []) as Message[];
    const toolResults = messages
      .filter((m) => m.role === 'tool')
      .map((m) => parseToolResult(textOf(m.content)))
      .filter((r) => r !== undefined);
    const answer = answerConversation(
      {
        system: textOf(messages.find((m) => m.role === 'system' || m.role === 'developer')?.content),
        texts: messages.map((m) => textOf(m.content)),
        toolResults,
        lastIsToolResult: request.lastMessageIsToolResult,
        hasTools: request.tools.length > 0,
        user: typeof request.body.user === 'string' ? request.body.user : undefined,
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
