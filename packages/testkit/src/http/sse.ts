import type { ServerResponse } from 'node:http';
import { writeChunk } from './response.js';
import { sleep } from './timing.js';

/** Options for {@link SseWriter}. */
export interface SseWriterOptions {
  /** Pause before every event after the first. */
  delayMs: number;
  /** Stops writing when aborted (client gone or server closing). */
  signal: AbortSignal;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Writes a `text/event-stream` response one event at a time. */
export class SseWriter {
  private sent = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseWriterOptions,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...options.headers,
    });
  }

  /** Sends `data: <json>` (preceded by `event: <name>` when given). Resolves `false` once the stream is dead. */
  async send(data: unknown, event?: string): Promise<boolean> {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    const lines = event === undefined ? `data: ${payload}\n\n` : `event: ${event}\ndata: ${payload}\n\n`;
    if (this.sent++ > 0) await sleep(this.options.delayMs, this.options.signal);
    if (this.options.signal.aborted) return false;
    return writeChunk(this.res, lines);
  }

  /** Ends the response. */
  end(): void {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end();
  }
}

/** Splits text into several pieces that concatenate back to it, two words per piece. */
export function splitForStreaming(text: string): string[] {
  if (text === '') return [];
  const words = text.split(/(?<=\s)(?=\S)/);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += 2) pieces.push(words.slice(i, i + 2).join(''));
  if (pieces.length > 1) return pieces;
  const chars = Array.from(text);
  if (chars.length < 2) return [text];
  const half = Math.ceil(chars.length / 2);
  return [chars.slice(0, half).join(''), chars.slice(half).join('')];
}

/** Splits a string into about `parts` pieces of similar length (for tool-call argument deltas). */
export function splitEvenly(text: string, parts: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const size = Math.max(1, Math.ceil(chars.length / parts));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
