import { createHash } from 'node:crypto';
import type { ResponderRequest, ScriptedReply } from './types.js';

// A neutral phrase pool: readable enough for a demo transcript, and the pick depends only on the hash.
const PHRASES = [
  'The available signals point in a consistent direction.',
  'Short-term momentum looks moderate.',
  'Volatility remains within its recent range.',
  'The balance of evidence is slightly positive.',
  'Risks are balanced, with no single dominant factor.',
  'Recent reports add little new information.',
  'Sentiment appears mixed but stable.',
  'Fundamentals look steady relative to peers.',
  'A cautious position size seems appropriate.',
  'Further confirmation would strengthen this view.',
  'Liquidity conditions look normal.',
  'The trend is intact but not accelerating.',
  'Downside scenarios appear limited in the near term.',
  'Valuation sits close to its historical average.',
  'No unusual activity stands out in the data.',
  'The outlook is neutral with a mild positive tilt.',
] as const;

/** First 8 hex digits of the SHA-256 of `text`; stable across runs and machines. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * The deterministic offline reply: text derived only from the last user message (or, after a
 * tool result, from that message and the fact that a tool answered). It never calls tools, even
 * when the request offers them; tests opt in to tool calls through a responder.
 */
export function defaultReply(request: ResponderRequest): ScriptedReply {
  const digest = createHash('sha256').update(request.lastUserMessage).digest();
  const count = 2 + (digest[0] % 3);
  const phrases: string[] = [];
  for (let i = 1; phrases.length < count; i++) {
    // Walk the digest; a taken phrase moves on to the next free one, so no sentence repeats.
    let pick = digest[i] % PHRASES.length;
    while (phrases.includes(PHRASES[pick])) pick = (pick + 1) % PHRASES.length;
    phrases.push(PHRASES[pick]);
  }
  const hash = digest.toString('hex').slice(0, 8);
  const lead = request.lastMessageIsToolResult
    ? `Using the tool result, here is the answer (ref ${hash}).`
    : `Offline model reply (ref ${hash}).`;
  return { content: [lead, ...phrases].join(' ') };
}

/**
 * A deterministic unit-length embedding for `text`: SHA-256 in counter mode, mapped to [-1, 1].
 */
export function hashEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2) {
      values.push(digest.readUInt16LE(i) / 32767.5 - 1);
    }
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => Math.fround(v / norm));
}
