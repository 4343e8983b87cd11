import { PrometheusParseError } from './parse-error.js';
import type { Sample } from './types.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether `name` is a valid metric name. */
export function isMetricName(name: string): boolean {
  return METRIC_NAME.exec(name)?.[0] === name;
}

/** Parses a sample value: a Go-style float, or `NaN`, `+Inf`, `-Inf` (case-insensitive, as Go's ParseFloat). */
export function parseValue(text: string, line: number): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (!FLOAT.test(text)) throw new PrometheusParseError(`invalid value "${text}"`, line);
  return Number(text);
}

/** A cursor over one line. */
export class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly line: number,
  ) {}

  skipBlanks(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  match(pattern: RegExp, what: string): string {
    const found = pattern.exec(this.text.slice(this.pos))?.[0];
    if (found === undefined) throw this.error(`expected ${what}`);
    this.pos += found.length;
    return found;
  }

  expect(char: string): void {
    if (this.text[this.pos] !== char) throw this.error(`expected "${char}"`);
    this.pos++;
  }

  error(message: string): PrometheusParseError {
    return new PrometheusParseError(`${message} at column ${this.pos + 1}: ${this.text}`, this.line);
  }
}

// Label values escape only backslash, double quote and line feed.
function readLabelValue(cursor: Cursor): string {
  cursor.expect('"');
  let value = '';
  for (;;) {
    const char = cursor.text[cursor.pos++];
    if (char === undefined) throw cursor.error('unterminated label value');
    if (char === '"') return value;
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escaped = cursor.text[cursor.pos++];
    if (escaped === '\\') value += '\\';
    else if (escaped === '"') value += '"';
    else if (escaped === 'n') value += '\n';
    else throw cursor.error(`invalid escape "\\${escaped ?? ''}" in label value`);
  }
}

export function readLabels(cursor: Cursor): Record<string, string> {
  const labels: Record<string, string> = {};
  cursor.expect('{');
  cursor.skipBlanks();
  while (cursor.text[cursor.pos] !== '}') {
    const name = cursor.match(LABEL_NAME, 'label name');
    if (Object.hasOwn(labels, name)) throw cursor.error(`duplicate label "${name}"`);
    cursor.skipBlanks();
    cursor.expect('=');
    cursor.skipBlanks();
    labels[name] = readLabelValue(cursor);
    cursor.skipBlanks();
    if (cursor.text[cursor.pos] === ',') {
      cursor.pos++;
      cursor.skipBlanks();
    } else if (cursor.text[cursor.pos] !== '}') {
      throw cursor.error('expected "," or "}"');
    }
  }
  cursor.pos++;
  return labels;
}

/** Parses `name[{labels}] value [timestamp]`. */
export function parseSampleLine(text: string, line: number): Sample {
  const cursor = new Cursor(text, line);
  cursor.skipBlanks();
  const name = cursor.match(METRIC_NAME, 'metric name');
  const afterName = cursor.pos;
  cursor.skipBlanks();
  let labels: Record<string, string> = {};
  let separated = cursor.pos > afterName;
  if (cursor.text[cursor.pos] === '{') {
    labels = readLabels(cursor);
    separated = cursor.text[cursor.pos] === ' ' || cursor.text[cursor.pos] === '\t';
  }
  const rest = cursor.text
    .slice(cursor.pos)
    .trim()
    .split(/[ \t]+/);
  if (rest[0] === '') throw cursor.error('missing value');
  if (!separated) throw cursor.error('expected whitespace before the value');
  if (rest.length > 2) throw cursor.error('unexpected text after timestamp');
  const sample: Sample = { name, labels, value: parseValue(rest[0], line) };
  if (rest.length === 2) {
    if (!/^-?\d+$/.test(rest[1])) throw cursor.error(`invalid timestamp "${rest[1]}"`);
    sample.timestampMs = Number(rest[1]);
  }
  return sample;
}
