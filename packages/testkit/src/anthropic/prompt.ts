type Json = Record<string, unknown>;

/** What the default reply and the token estimate need from a Messages request. */
export interface AnthropicPromptInfo {
  lastUserText: string;
  lastIsToolResult: boolean;
  /** Every text of the request (system, messages, tool results), for the input-token estimate. */
  promptText: string;
}

/** The text of a `content` field: a string, or the `text` of its text / tool_result blocks. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      const b = (block ?? {}) as Json;
      if (b.type === 'text' && typeof b.text === 'string') return b.text;
      if (b.type === 'tool_result') return textOf(b.content);
      if (b.type === 'tool_use') return JSON.stringify(b.input ?? {});
      return '';
    })
    .filter((t) => t !== '')
    .join('\n');
}

/** Reads the last user turn and the whole prompt text of a `POST /v1/messages` body. */
export function anthropicPromptInfo(body: Json): AnthropicPromptInfo {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const last = [...messages].reverse().find((m) => m?.role === 'user');
  const lastIsToolResult =
    Array.isArray(last?.content) && (last.content as Json[]).some((b) => b?.type === 'tool_result');
  const parts = [textOf(body.system), ...messages.map((m) => textOf(m?.content))];
  return {
    lastUserText: textOf(last?.content),
    lastIsToolResult,
    promptText: parts.filter((p) => p !== '').join('\n'),
  };
}
