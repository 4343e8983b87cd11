/**
 * The Prometheus text exposition (format 0.0.4) as the cluster aggregator needs it: families with
 * their HELP, UNIT and TYPE lines and their samples, each sample kept with its label text exactly as
 * the worker wrote it (already escaped), so merging and re-serialising never unescape anything.
 */

/** One metric family: `# TYPE name type` and its samples (`name`, `name_bucket`, …). */
export interface Family {
  readonly name: string;
  type: string;
  help: string | undefined;
  unit: string | undefined;
  /** By series key: sample name plus its label text, e.g. `x_bucket{a="b",le="1"}`. */
  readonly samples: Map<string, Sample>;
}

export interface Sample {
  /** The sample's own name, e.g. `x_bucket` in family `x`. */
  readonly name: string;
  /** The text between the braces, escaped as written; `''` without labels. */
  readonly labels: string;
  value: number;
}

/** Families of one exposition, in the order they appear. */
export type Exposition = Map<string, Family>;

const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count', '_created'],
  summary: ['_sum', '_count', '_created'],
  counter: ['_total', '_created'],
};

function familyOf(expo: Exposition, current: Family | undefined, sampleName: string): Family {
  if (current !== undefined) {
    if (sampleName === current.name) return current;
    for (const suffix of SUFFIXES[current.type] ?? []) {
      if (sampleName === `${current.name}${suffix}`) return current;
    }
  }
  return ensureFamily(expo, sampleName);
}

function ensureFamily(expo: Exposition, name: string): Family {
  let family = expo.get(name);
  if (family === undefined) {
    family = { name, type: 'untyped', help: undefined, unit: undefined, samples: new Map() };
    expo.set(name, family);
  }
  return family;
}

/** Index of the `}` closing the label set that opens at `open`, skipping quoted values. */
function closingBrace(line: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '}') return i;
  }
  return -1;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Parses exposition text; throws on a line it cannot read (the caller keeps the last good one). */
export function parseExposition(text: string): Exposition {
  const expo: Exposition = new Map();
  let current: Family | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const match = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (match === null) continue;
      const [, keyword, name, rest = ''] = match as unknown as [string, string, string, string?];
      current = ensureFamily(expo, name);
      if (keyword === 'TYPE') current.type = rest;
      else if (keyword === 'HELP') current.help = rest;
      else current.unit = rest;
      continue;
    }
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    let name: string;
    let labels = '';
    let rest: string;
    if (brace >= 0 && (space < 0 || brace < space)) {
      const close = closingBrace(line, brace);
      if (close < 0) throw new Error(`unterminated label set: ${line}`);
      name = line.slice(0, brace);
      labels = line.slice(brace + 1, close);
      rest = line.slice(close + 1).trim();
    } else {
      if (space < 0) throw new Error(`sample without a value: ${line}`);
      name = line.slice(0, space);
      rest = line.slice(space + 1).trim();
    }
    const value = parseValue(rest.split(/\s+/, 1)[0] ?? '');
    if (Number.isNaN(value) && !rest.startsWith('NaN')) throw new Error(`bad sample value: ${line}`);
    const family = familyOf(expo, current, name);
    current = family;
    family.samples.set(`${name}{${labels}}`, { name, labels, value });
  }
  return expo;
}

function valueText(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return `${value}`;
}

/** Renders families back to exposition text, HELP/UNIT/TYPE first, samples in insertion order. */
export function renderExposition(families: Iterable<Family>): string {
  let text = '';
  for (const family of families) {
    if (family.samples.size === 0) continue;
    if (family.help !== undefined) text += `# HELP ${family.name} ${family.help}\n`;
    if (family.unit !== undefined) text += `# UNIT ${family.name} ${family.unit}\n`;
    text += `# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples.values()) {
      text += `${sample.name}${sample.labels === '' ? '' : `{${sample.labels}}`} ${valueText(sample.value)}\n`;
    }
  }
  return text;
}
