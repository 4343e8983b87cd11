import { parseDuration } from './duration.js';

/** Where env values come from (`process.env` by default; tests pass their own). */
export type EnvSource = Readonly<Partial<Record<string, string | undefined>>>;

/** The one boolean vocabulary of every package's env vars (case-insensitive). */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'off']);

/** Reports an ignored env value: `key=raw` was not what `expected` says. */
export type EnvWarning = (key: string, raw: string, expected: string) => void;

/**
 * Reads env values for one package: an empty string is unset, and a bad value is reported through
 * `warn` (the package's diag logger) and reads as unset, so the caller falls back to the default.
 * The one env parser of every package.
 */
export class EnvReader<Key extends string = string> {
  constructor(
    private readonly env: EnvSource,
    private readonly warn: EnvWarning,
  ) {}

  string(key: Key): string | undefined {
    const raw = this.env[key]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  }

  boolean(key: Key): boolean | undefined {
    const raw = this.string(key)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (TRUE_WORDS.has(raw)) return true;
    if (FALSE_WORDS.has(raw)) return false;
    this.warn(key, raw, 'true or false');
    return undefined;
  }

  integer(key: Key, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.warn(key, raw, `an integer from ${min} to ${max}`);
    return undefined;
  }

  number(key: Key, min: number, max?: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min && (max === undefined || value <= max)) return value;
    this.warn(key, raw, numberExpectation(min, max));
    return undefined;
  }

  /** A duration in seconds, written `300`, `300s`, `5m`, `1h` or `1d`. */
  duration(key: Key, min: number, max: number): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = parseDuration(raw);
    if (value !== undefined && value >= min && value <= max) return value;
    this.warn(key, raw, `a duration from ${min}s to ${max}s (e.g. 300, 5m, 1h)`);
    return undefined;
  }

  oneOf<T extends string>(key: Key, values: readonly T[]): T | undefined {
    const raw = this.string(key)?.toLowerCase();
    if (raw === undefined) return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    this.warn(key, raw, values.join(' or '));
    return undefined;
  }

  /** An absolute http(s) URL, without trailing slashes. */
  url(key: Key): string | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (isHttpUrl(raw)) return raw.replace(/\/+$/, '');
    this.warn(key, raw, 'an absolute http(s) URL');
    return undefined;
  }

  /** Comma-separated values, trimmed, empty ones dropped. */
  list(key: Key): string[] | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

/** How a number bound reads in messages: `a number >= 0.001`, or `a number from 1 to 10`. */
export function numberExpectation(min: number, max: number | undefined): string {
  return max === undefined ? `a number >= ${min}` : `a number from ${min} to ${max}`;
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === 'http:' || protocol === 'https:';
}
