import { PrometheusParseError } from './parse-error.js';
import { isMetricName, parseSampleLine } from './sample-line.js';
import type { MetricFamily, MetricType, Sample } from './types.js';

const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

// HELP text escapes only backslash and line feed.
function unescapeHelp(text: string, line: number): string {
  return text.replace(/\\(.?)/g, (_match, char: string) => {
    if (char === '\\') return '\\';
    if (char === 'n') return '\n';
    throw new PrometheusParseError(`invalid escape "\\${char}" in HELP text`, line);
  });
}

/** The family a sample name belongs to, given the declared histogram/summary families. */
function familyNameOf(sampleName: string, declared: Map<string, MetricFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const family = declared.get(base);
    if (family?.type === 'histogram' || (family?.type === 'summary' && suffix !== '_bucket')) return base;
  }
  return sampleName;
}

function labelKey(labels: Record<string, string>, omit?: string): string {
  return JSON.stringify(
    Object.keys(labels)
      .filter((key) => key !== omit)
      .sort()
      .map((key) => [key, labels[key]]),
  );
}

// Histogram and summary invariants of the format: `le` / `quantile` labels where required, a
// `+Inf` bucket per series, and `_count` equal to that bucket.
function checkFamily(family: MetricFamily): void {
  if (family.type === 'histogram') {
    const infBuckets = new Map<string, number>();
    for (const sample of family.samples) {
      if (sample.name !== `${family.name}_bucket`) continue;
      const le = sample.labels.le;
      if (le === undefined)
        throw new PrometheusParseError(`histogram bucket of ${family.name} without "le"`, 0);
      if (Number.isNaN(Number(le)) && le !== '+Inf') {
        throw new PrometheusParseError(`histogram bucket of ${family.name} with invalid le="${le}"`, 0);
      }
      if (le === '+Inf') infBuckets.set(labelKey(sample.labels, 'le'), sample.value);
    }
    for (const sample of family.samples) {
      if (sample.name === `${family.name}_bucket` && !infBuckets.has(labelKey(sample.labels, 'le'))) {
        throw new PrometheusParseError(`histogram ${family.name} series without a le="+Inf" bucket`, 0);
      }
      if (sample.name === `${family.name}_count`) {
        const inf = infBuckets.get(labelKey(sample.labels));
        if (inf !== undefined && inf !== sample.value) {
          throw new PrometheusParseError(
            `histogram ${family.name}: _count ${sample.value} != +Inf bucket ${inf}`,
            0,
          );
        }
      }
    }
  }
  if (family.type === 'summary') {
    for (const sample of family.samples) {
      if (sample.name === family.name && sample.labels.quantile === undefined) {
        throw new PrometheusParseError(`summary ${family.name} sample without "quantile"`, 0);
      }
    }
  }
}

/**
 * Parses the Prometheus text exposition format 0.0.4 strictly: `# HELP` / `# TYPE` lines (at most
 * one each per family, TYPE before the family's first sample), label-value escapes `\\ \" \n`,
 * `NaN` / `+Inf` / `-Inf`, optional timestamps. Histogram `_bucket`/`_sum`/`_count` and summary
 * `_sum`/`_count` samples are grouped under their family. Each family's lines must be contiguous and a
 * series may appear once. Throws {@link PrometheusParseError} on the first violation.
 */
export function parsePrometheusText(text: string): MetricFamily[] {
  const families = new Map<string, MetricFamily>();
  const finished = new Set<string>();
  const series = new Set<string>();
  let current: MetricFamily | undefined;

  const enter = (name: string, line: number): MetricFamily => {
    if (current?.name === name) return current;
    if (finished.has(name))
      throw new PrometheusParseError(`lines of metric family "${name}" are not contiguous`, line);
    if (current !== undefined) finished.add(current.name);
    let family = families.get(name);
    if (family === undefined) {
      family = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, family);
    }
    current = family;
    return family;
  };

  const typed = new Set<string>();
  const helped = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '') return;
    if (content.startsWith('#')) {
      const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(content);
      if (match === null) return; // A plain comment.
      const [, keyword, name, rest = ''] = match;
      if (!isMetricName(name)) throw new PrometheusParseError(`invalid metric name "${name}"`, line);
      const family = enter(name, line);
      if (keyword === 'HELP') {
        if (helped.has(name)) throw new PrometheusParseError(`second HELP line for "${name}"`, line);
        helped.add(name);
        family.help = unescapeHelp(rest, line);
      } else {
        const type = rest.trim() as MetricType;
        if (!TYPES.has(type)) throw new PrometheusParseError(`invalid metric type "${rest}"`, line);
        if (typed.has(name)) throw new PrometheusParseError(`second TYPE line for "${name}"`, line);
        if (family.samples.length > 0)
          throw new PrometheusParseError(`TYPE for "${name}" after its samples`, line);
        typed.add(name);
        family.type = type;
      }
      return;
    }
    const sample: Sample = parseSampleLine(content, line);
    const family = enter(familyNameOf(sample.name, families), line);
    const key = `${sample.name}${labelKey(sample.labels)}`;
    if (series.has(key))
      throw new PrometheusParseError(`duplicate series ${sample.name}${labelKey(sample.labels)}`, line);
    series.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) checkFamily(family);
  return [...families.values()];
}
