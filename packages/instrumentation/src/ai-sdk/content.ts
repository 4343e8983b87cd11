import { obj, str } from '../shared/safe.js';

type Json = Record<string, unknown>;

const MAX_CAPTURED_CHARS = 100_000;

/**
 * The model's content parts (`text`, `tool-call`, `reasoning`, ...) as one OpenAI-shaped assistant
 * message: its text, and its tool calls as `tool_calls`. Only read when content capture is on.
 */
export function messageOf(content: unknown): Json {
  let text = '';
  const calls: Json[] = [];
  for (const raw of Array.isArray(content) ? content : []) {
    const part = obj(raw);
    if (!part) continue;
    if (part.type === 'text' && text.length < MAX_CAPTURED_CHARS) text += str(part.text) ?? '';
    if (part.type === 'tool-call') {
      calls.push({
        id: str(part.toolCallId),
        type: 'function',
        function: { name: str(part.toolName) ?? '', arguments: JSON.stringify(part.input ?? {}) },
      });
    }
  }
  const message: Json = { role: 'assistant', content: text };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

/** The prompt of a model call: the step's messages, with the system prompt (`instructions`) first. */
export function inputOf(event: Json): unknown {
  const system = event.instructions ?? event.system;
  const messages = event.messages ?? event.prompt;
  return system === undefined ? messages : { system, messages };
}
