import type { AnthropicRequest, AnthropicResponder, AnthropicScriptedReply } from '@tradingagents/testkit';
import { answerConversation, parseToolResult, type RoleResponderOptions, textOf } from './responder.js';

type Block = { type?: string; text?: string; content?: unknown };
type Message = { role?: string; content?: string | Block[] };

/** The text of a message: its `text` blocks (or the string content). */
const textOfMessage = (m: Message): string =>
  typeof m.content === 'string'
    ? m.content
    : (m.content ?? []).map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join('');

/** The tool results of a conversation: `tool_result` blocks, whose content is a string or text blocks. */
function toolResults(messages: readonly Message[]): Record<string, unknown>[] {
  const results: Record<string, unknown>[] = [];
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content ?? []) {
      if (block.type !== 'tool_result') continue;
      const result = parseToolResult(textOf(block.content));
      if (result !== undefined) results.push(result);
    }
  }
  return results;
}

/**
 * The role stand-in behind the embedded Anthropic Messages API. The analysis is read from
 * `metadata.user_id` (the API's own field for it), for failure injection.
 */
export function createAnthropicRoleResponder(options: RoleResponderOptions): AnthropicResponder {
  return (request: AnthropicRequest): AnthropicScriptedReply | undefined => {
    const messages = request.messages as Message[];
    const system = textOf(request.system);
    const metadata = request.body.metadata as { user_id?: unknown } | undefined;
    const answer = answerConversation(
      {
        system,
        texts: [system, ...messages.map(textOfMessage)],
        toolResults: toolResults(messages),
        lastIsToolResult: request.lastIsToolResult,
        hasTools: request.tools.length > 0,
        user: typeof metadata?.user_id === 'string' ? metadata.user_id : undefined,
      },
      options,
    );
    if ('error' in answer) return { latencyMs: answer.latencyMs, error: answer.error };
    if ('toolCalls' in answer) {
      return {
        latencyMs: answer.latencyMs,
        toolUses: answer.toolCalls.map((c) => ({ name: c.name, input: c.arguments })),
      };
    }
    return answer.content === undefined
      ? { latencyMs: answer.latencyMs }
      : { latencyMs: answer.latencyMs, text: answer.content };
  };
}
