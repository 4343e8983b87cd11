import { OVERFLOW_LABEL_VALUE } from './catalogue.js';

const MAX_LABEL_LENGTH = 128;

/** `String.prototype.toWellFormed` is in Node 20 but only in TypeScript's ES2024 lib. */
type WellFormable = string & { toWellFormed(): string };
// C0/C1 control characters make label values unreadable and some parsers reject them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Turns any user-supplied value into a safe label value: a well-formed, short, printable string. */
export function sanitizeLabelValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined || value === null) return 'unknown';
  else {
    try {
      text = String(value);
    } catch {
      return 'unknown';
    }
  }
  if (text.length > MAX_LABEL_LENGTH) text = text.slice(0, MAX_LABEL_LENGTH);
  text = (text as WellFormable).toWellFormed().replace(CONTROL_CHARS, '').trim();
  return text === '' ? 'unknown' : text;
}

/**
 * Bounds the distinct values one label may take. The first `max` distinct values are kept;
 * later new values fold into `__other__` and `onOverflow` runs. Memory is bounded too: at most
 * `max` admitted values plus a bounded cache of raw spellings.
 */
export class LabelBound {
  private readonly admitted = new Set<string>();
  private readonly cache = new Map<string, string>();

  constructor(
    readonly max: number,
    private readonly onOverflow: () => void,
  ) {}

  /** The label value to record for `raw`. */
  fold(raw: unknown): string {
    if (typeof raw === 'string') {
      const hit = this.cache.get(raw);
      if (hit !== undefined) return hit;
    }
    const value = sanitizeLabelValue(raw);
    if (this.admitted.has(value) || this.admitted.size < this.max) {
      this.admitted.add(value);
      if (typeof raw === 'string' && this.cache.size < this.max * 2) this.cache.set(raw, value);
      return value;
    }
    this.onOverflow();
    return OVERFLOW_LABEL_VALUE;
  }

  /** How many distinct values are admitted. */
  get size(): number {
    return this.admitted.size;
  }
}

/** Folds a value into a closed set, else `fallback`. */
export function foldEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: string,
): T | string {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? value : fallback;
}
