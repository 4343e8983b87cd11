import { obj } from '../shared/safe.js';

/**
 * The usage of a streamed message: `message_start` carries the input side (`input_tokens`,
 * `cache_read_input_tokens`, `cache_creation_input_tokens`) and a provisional `output_tokens`; each
 * `message_delta` carries the cumulative `output_tokens` (and, in newer API versions, the input
 * side again). A later number replaces an earlier one; nulls and missing fields keep it.
 */
export class StreamedUsage {
  private usage: Record<string, unknown> | undefined;

  merge(raw: unknown): void {
    const next = obj(raw);
    if (next === undefined) return;
    const merged: Record<string, unknown> = { ...this.usage };
    for (const [key, value] of Object.entries(next)) {
      if (typeof value === 'number') merged[key] = value;
      else if (value !== null && value !== undefined && !(key in merged)) merged[key] = value;
    }
    this.usage = merged;
  }

  /** The Anthropic-shaped usage so far (the core maps it: cache reads/writes beside `input_tokens`). */
  get value(): Record<string, unknown> | undefined {
    return this.usage;
  }
}
