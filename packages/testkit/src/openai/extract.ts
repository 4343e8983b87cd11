import { estimateTokens } from './tokens.js';

/** What the default responder and the usage estimate need from a prompt. */
export interface PromptInfo {
  /** Text of the last user message, `''` when none. */
  lastUserMessage: string;
  /** Whether the conversation ends with a tool result. */
  lastMessageIsToolResult: boolean;
  /** All prompt text, for the token estimate. */
  promptText: string;
}

type Item = Record<string, unknown>;

function isRecord(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message `content`: a string, or the `text` of each part of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

function toolCallText(message: Item): string {
  if (!Array.isArray(message.tool_calls)) return '';
  return message.tool_calls
    .map((call) => {
      const fn = isRecord(call) && isRecord(call.function) ? call.function : {};
      return `${String(fn.name ?? '')}${String(fn.arguments ?? '')}`;
    })
    .join('\n');
}

/** Reads a Chat Completions `messages` array. */
export function chatPromptInfo(messages: unknown[]): PromptInfo {
  let lastUserMessage = '';
  const texts: string[] = [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const text = contentText(message.content);
    texts.push(text, toolCallText(message));
    if (message.role === 'user') lastUserMessage = text;
  }
  const last = messages.at(-1);
  return {
    lastUserMessage,
    lastMessageIsToolResult: isRecord(last) && (last.role === 'tool' || last.role === 'function'),
    promptText: texts.filter((text) => text !== '').join('\n'),
  };
}

/** Reads a Responses API `input` (string or item list) and `instructions`. */
export function responsesPromptInfo(input: unknown, instructions: unknown): PromptInfo {
  const texts: string[] = typeof instructions === 'string' ? [instructions] : [];
  if (typeof input === 'string') {
    return {
      lastUserMessage: input,
      lastMessageIsToolResult: false,
      promptText: [...texts, input].join('\n'),
    };
  }
  const items = Array.isArray(input) ? input : [];
  let lastUserMessage = '';
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (item.type === 'function_call') {
      texts.push(`${String(item.name ?? '')}${String(item.arguments ?? '')}`);
    } else if (item.type === 'function_call_output') {
      texts.push(typeof item.output === 'string' ? item.output : contentText(item.output));
    } else {
      const text = contentText(item.content);
      texts.push(text);
      if (item.role === 'user') lastUserMessage = text;
    }
  }
  const last = items.at(-1);
  return {
    lastUserMessage,
    lastMessageIsToolResult: isRecord(last) && last.type === 'function_call_output',
    promptText: texts.filter((text) => text !== '').join('\n'),
  };
}

/** One embeddings input, as text for hashing and its token count. */
export interface EmbeddingInput {
  text: string;
  tokens: number;
}

/**
 * Normalises the embeddings `input`: a string, an array of strings, an array of token ids,
 * or an array of token-id arrays. Returns `undefined` when the shape is invalid.
 */
export function embeddingInputs(input: unknown): EmbeddingInput[] | undefined {
  const fromText = (text: string): EmbeddingInput => ({ text, tokens: estimateTokens(text) });
  const fromTokens = (ids: number[]): EmbeddingInput => ({ text: ids.join(','), tokens: ids.length });
  const isTokenArray = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((id) => Number.isInteger(id));

  if (typeof input === 'string') return [fromText(input)];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (isTokenArray(input)) return [fromTokens(input)];
  const out: EmbeddingInput[] = [];
  for (const entry of input) {
    if (typeof entry === 'string') out.push(fromText(entry));
    else if (isTokenArray(entry)) out.push(fromTokens(entry));
    else return undefined;
  }
  return out;
}
