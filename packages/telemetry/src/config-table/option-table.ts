import { type EnvReader, isHttpUrl, numberExpectation } from './env-reader.js';

/** How an option's value is read and checked, from an option or an env var. */
export type OptionKind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'duration'
  | 'url'
  | 'enum'
  | 'list'
  /** Objects and functions the package resolves itself; the row documents them. */
  | 'custom';

/**
 * One row of a package's config table: everything about one option in one place. The resolver,
 * the env-key union, CLI flags and the README table are all produced from the rows.
 */
export interface OptionRow<Key extends string = string> {
  /** The option's path in the options object, e.g. `metrics.port`. */
  readonly option: string;
  /** Env vars that set it, first wins; none for option-only settings. */
  readonly env?: readonly Key[];
  readonly kind: OptionKind;
  /** Inclusive bounds of a number, integer or duration (seconds). */
  readonly min?: number;
  readonly max?: number;
  /** The allowed values of an `enum`. */
  readonly values?: readonly string[];
  /** The value when neither the option nor the env sets it (`undefined`: unset). */
  readonly default?: unknown;
  /** A further check of a value; returns what was expected when the value fails it. */
  readonly check?: (value: never) => string | undefined;
  /** The CLI flag (without `--`), for packages with a command line. */
  readonly flag?: string;
  /** What it does, for the README and `--help`. */
  readonly doc: string;
  /** The default as the README shows it, when the value alone does not say enough. */
  readonly defaultDoc?: string;
}

/** Throws the package's config error: option `option` must be `expected`, got `got`. */
export type OptionFailure = (option: string, expected: string, got: unknown) => never;

/** What a value of `row` must be, in words. */
export function expectation(row: OptionRow): string {
  const { min = 0, max } = row;
  switch (row.kind) {
    case 'string':
      return 'a non-empty string';
    case 'boolean':
      return 'a boolean';
    case 'integer':
      return `an integer from ${min} to ${max ?? Number.MAX_SAFE_INTEGER}`;
    case 'number':
    case 'duration':
      return numberExpectation(min, max);
    case 'url':
      return 'an absolute http(s) URL';
    case 'enum':
      return (row.values ?? []).map((v) => `"${v}"`).join(' or ');
    case 'list':
      return 'an array of non-empty strings';
    case 'custom':
      return row.doc;
  }
}

function validOption(row: OptionRow, value: unknown): unknown {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = row;
  switch (row.kind) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'integer':
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
        ? value
        : undefined;
    case 'number':
    case 'duration':
      return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
        ? value
        : undefined;
    case 'url':
      return typeof value === 'string' && isHttpUrl(value.trim())
        ? value.trim().replace(/\/+$/, '')
        : undefined;
    case 'enum':
      return typeof value === 'string' && (row.values ?? []).includes(value) ? value : undefined;
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')
        ? value.map((item: string) => item.trim())
        : undefined;
    case 'custom':
      return value;
  }
}

function readEnv<Key extends string>(row: OptionRow<Key>, key: Key, read: EnvReader<Key>): unknown {
  const { min = 0, max } = row;
  switch (row.kind) {
    case 'string':
      return read.string(key);
    case 'boolean':
      return read.boolean(key);
    case 'integer':
      return read.integer(key, min, max ?? Number.MAX_SAFE_INTEGER);
    case 'number':
      return read.number(key, min, max);
    case 'duration':
      return read.duration(key, min, max ?? Number.MAX_SAFE_INTEGER);
    case 'url':
      return read.url(key);
    case 'enum':
      return read.oneOf(key, row.values ?? []);
    case 'list':
      return read.list(key);
    case 'custom':
      return undefined;
  }
}

/**
 * The value of one option: the option when passed (an invalid one throws through `fail`), else the
 * first env var set to a valid value (an invalid one warns and is skipped), else the row's default.
 */
export function resolveOption<Key extends string>(
  row: OptionRow<Key>,
  optionValue: unknown,
  read: EnvReader<Key>,
  fail: OptionFailure,
): unknown {
  const check = row.check as ((value: unknown) => string | undefined) | undefined;
  if (optionValue !== undefined) {
    const value = validOption(row, optionValue);
    if (value === undefined) fail(row.option, expectation(row), optionValue);
    const problem = check?.(value);
    if (problem !== undefined) fail(row.option, problem, optionValue);
    return value;
  }
  for (const key of row.env ?? []) {
    const value = readEnv(row, key, read);
    if (value !== undefined) return value;
  }
  return row.default;
}

/** Reads `path` (`a.b`) of a plain options object; a non-object on the way reads as unset. */
export function optionAt(options: object, path: string): unknown {
  let value: unknown = options;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Every env var of a table, in row order, without repeats. */
export function envKeysOf<Key extends string>(rows: readonly OptionRow<Key>[]): Key[] {
  return [...new Set(rows.flatMap((row) => row.env ?? []))];
}

/** Sets `path` (`a.b`) in a nested record. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop() as string;
  let node = target;
  for (const part of parts) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[last] = value;
}

/**
 * Every non-`custom` row of a table resolved by {@link resolveOption}, as a record nested like the
 * options (`metrics.port` → `{ metrics: { port } }`).
 */
export function resolveRows<Key extends string>(
  rows: readonly OptionRow<Key>[],
  options: object,
  read: EnvReader<Key>,
  fail: OptionFailure,
): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.kind !== 'custom')
      setAt(resolved, row.option, resolveOption(row, optionAt(options, row.option), read, fail));
  }
  return resolved;
}

/** A package's {@link OptionFailure}: throws `ErrorClass` with `<caller>: option "x" must be …, got ….` */
export function optionFailure(caller: string, ErrorClass: new (message: string) => Error): OptionFailure {
  return (option, expected, got) => {
    const shown = typeof got === 'string' ? JSON.stringify(got.slice(0, 64)) : String(got);
    throw new ErrorClass(`${caller}: option "${option}" must be ${expected}, got ${shown}.`);
  };
}
