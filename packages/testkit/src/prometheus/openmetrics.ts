import { PrometheusParseError } from './parse-error.js';
import { Cursor, isMetricName, parseValue, readLabels } from './sample-line.js';

/** Metric types of OpenMetrics 1.0. */
export type OpenMetricsType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'stateset'
  | 'info'
  | 'summary'
  | 'unknown';

/** An exemplar: `# {labels} value [timestamp]` after a sample. */
export interface OpenMetricsExemplar {
  labels: Record<string, string>;
  value: number;
  /** Seconds since the epoch, when given. */
  timestamp?: number;
}

export interface OpenMetricsSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Seconds since the epoch, when given. */
  timestamp?: number;
  exemplar?: OpenMetricsExemplar;
}

export interface OpenMetricsFamily {
  name: string;
  type: OpenMetricsType;
  help: string;
  unit: string;
  samples: OpenMetricsSample[];
}

const TYPES = new Set<string>([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'stateset',
  'info',
  'summary',
  'unknown',
]);

/** Sample name suffixes each type allows (`''`: the family name itself). */
const SUFFIXES: Record<OpenMetricsType, readonly string[]> = {
  counter: ['_total', '_created'],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  stateset: [''],
  info: ['_info'],
  summary: ['', '_count', '_sum', '_created'],
  unknown: [''],
};

/** Which sample suffixes may carry an exemplar. */
const EXEMPLAR_SUFFIXES = new Set(['_total', '_bucket']);

/** Exemplar label names and values together, in code points (OpenMetrics 1.0). */
const MAX_EXEMPLAR_LABEL_CHARS = 128;

function unescapeText(text: string, line: number): string {
  return text.replace(/\\(.?)/g, (_match, char: string) => {
    if (char === '\\') return '\\';
    if (char === 'n') return '\n';
    if (char === '"') return '"';
    throw new PrometheusParseError(`invalid escape "\\${char}"`, line);
  });
}

/** `value [timestamp]` of a sample or an exemplar; OpenMetrics timestamps are seconds (floats). */
function readNumbers(text: string, cursor: Cursor): { value: number; timestamp?: number } {
  const parts = text.trim().split(' ');
  if (parts.length < 1 || parts.length > 2 || parts[0] === '')
    throw cursor.error('expected value [timestamp]');
  const value = parseValue(parts[0] as string, cursor.line);
  if (parts.length === 1) return { value };
  const timestamp = parseValue(parts[1] as string, cursor.line);
  if (!Number.isFinite(timestamp)) throw cursor.error(`invalid timestamp "${parts[1]}"`);
  return { value, timestamp };
}

function parseSample(text: string, line: number): OpenMetricsSample {
  const cursor = new Cursor(text, line);
  const name = cursor.match(/^[a-zA-Z_:][a-zA-Z0-9_:]*/, 'metric name');
  const labels = cursor.text[cursor.pos] === '{' ? readLabels(cursor) : {};
  if (cursor.text[cursor.pos] !== ' ') throw cursor.error('expected one space before the value');
  const rest = cursor.text.slice(cursor.pos + 1);
  const hash = rest.indexOf(' # ');
  const sample: OpenMetricsSample = {
    name,
    labels,
    ...readNumbers(hash < 0 ? rest : rest.slice(0, hash), cursor),
  };
  if (hash >= 0) {
    const exemplarCursor = new Cursor(rest.slice(hash + 3), line);
    const exemplarLabels = readLabels(exemplarCursor);
    const chars = Object.entries(exemplarLabels).reduce((n, [k, v]) => n + [...k].length + [...v].length, 0);
    if (chars > MAX_EXEMPLAR_LABEL_CHARS) throw cursor.error(`exemplar labels of ${chars} characters`);
    if (exemplarCursor.text[exemplarCursor.pos] !== ' ') throw exemplarCursor.error('expected a space');
    sample.exemplar = {
      labels: exemplarLabels,
      ...readNumbers(exemplarCursor.text.slice(exemplarCursor.pos + 1), exemplarCursor),
    };
  }
  return sample;
}

function checkHistogram(family: OpenMetricsFamily): void {
  const series = new Map<string, OpenMetricsSample[]>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    if (sample.name === `${family.name}_bucket`) {
      if (le === undefined) throw new PrometheusParseError(`bucket of ${family.name} without le`, 0);
      const list = series.get(key) ?? [];
      list.push(sample);
      series.set(key, list);
    } else if (sample.name === `${family.name}_count`) {
      const inf = series.get(key)?.at(-1);
      if (inf?.labels.le !== '+Inf' || inf.value !== sample.value)
        throw new PrometheusParseError(`${family.name}_count before or unequal to its +Inf bucket`, 0);
    }
  }
  for (const buckets of series.values()) {
    const bounds = buckets.map((b) =>
      b.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels.le),
    );
    if (bounds.some(Number.isNaN) || bounds.some((b, i) => i > 0 && b <= (bounds[i - 1] as number)))
      throw new PrometheusParseError(`buckets of ${family.name} not in increasing le order`, 0);
    if (bounds.at(-1) !== Number.POSITIVE_INFINITY)
      throw new PrometheusParseError(`${family.name} series without a +Inf bucket`, 0);
  }
}

/**
 * Parses OpenMetrics 1.0 text strictly: the `# EOF` terminator, `# TYPE` / `# UNIT` / `# HELP`
 * before a family's samples (at most one each), sample names by type (`_total` counters, `_info`
 * infos, histogram `_bucket`/`_count`/`_sum`), contiguous families, no duplicate series,
 * exemplars (`# {…} value [timestamp]`, 128 label characters at most) only on counter totals and
 * histogram buckets, histogram buckets in `le` order ending at `+Inf` with `_count` equal to it.
 * Throws {@link PrometheusParseError} on the first violation.
 */
export function parseOpenMetricsText(text: string): OpenMetricsFamily[] {
  if (!text.endsWith('# EOF\n') && !text.endsWith('# EOF'))
    throw new PrometheusParseError('no # EOF at the end', 0);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const families: OpenMetricsFamily[] = [];
  const byName = new Map<string, OpenMetricsFamily>();
  const series = new Set<string>();
  let current: OpenMetricsFamily | undefined;
  const family = (name: string, line: number): OpenMetricsFamily => {
    if (current?.name === name) return current;
    if (byName.has(name)) throw new PrometheusParseError(`family ${name} is not contiguous`, line);
    current = { name, type: 'unknown', help: '', unit: '', samples: [] };
    byName.set(name, current);
    families.push(current);
    return current;
  };
  for (let index = 0; index < lines.length; index++) {
    const content = lines[index] as string;
    const line = index + 1;
    if (content === '# EOF') {
      if (index !== lines.length - 1) throw new PrometheusParseError('text after # EOF', line);
      break;
    }
    if (content.startsWith('#')) {
      const match = /^# (TYPE|HELP|UNIT) (\S+)(?: (.*))?$/.exec(content);
      if (match === null) throw new PrometheusParseError(`invalid comment line: ${content}`, line);
      const [, keyword, name = '', rest = ''] = match;
      if (!isMetricName(name)) throw new PrometheusParseError(`invalid metric name "${name}"`, line);
      const target = family(name, line);
      if (target.samples.length > 0)
        throw new PrometheusParseError(`${keyword} of ${name} after its samples`, line);
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest)) throw new PrometheusParseError(`invalid metric type "${rest}"`, line);
        target.type = rest as OpenMetricsType;
      } else if (keyword === 'HELP') target.help = unescapeText(rest, line);
      else target.unit = rest;
      continue;
    }
    if (content === '') throw new PrometheusParseError('empty line', line);
    const sample = parseSample(content, line);
    const owner =
      current !== undefined &&
      SUFFIXES[current.type].some((suffix) => sample.name === `${current?.name}${suffix}`)
        ? current
        : family(sample.name, line);
    const suffix = sample.name.slice(owner.name.length);
    if (!SUFFIXES[owner.type].includes(suffix))
      throw new PrometheusParseError(`sample ${sample.name} does not fit ${owner.type} ${owner.name}`, line);
    if (sample.exemplar !== undefined && !EXEMPLAR_SUFFIXES.has(suffix))
      throw new PrometheusParseError(`exemplar on ${sample.name}`, line);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (series.has(key)) throw new PrometheusParseError(`duplicate series ${key}`, line);
    series.add(key);
    owner.samples.push(sample);
  }
  for (const f of families) if (f.type === 'histogram') checkHistogram(f);
  return families;
}
