/**
 * Pulls metric names and label matchers out of PromQL text without a full parser: enough for the
 * queries we write (no string labels containing braces, no `offset` by name).
 */

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** `label_values(metric{…}, label)` -> `metric{…}`: the label is not a metric. */
function stripLabelValues(expr: string): string {
  return expr.replace(/label_values\(\s*(.*?),\s*\w+\s*\)/gs, '$1');
}

/** Metric names (and recording rule names) a PromQL expression or Grafana variable query reads. */
export function metricNames(expr: string): string[] {
  const text = stripLabelValues(expr)
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1] as string;
    if (!KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

/** Each `metric{label="…",…}` selector: the metric and the label names it matches on. */
export function selectors(expr: string): { metric: string; labels: string[] }[] {
  const result: { metric: string; labels: string[] }[] = [];
  for (const match of expr.matchAll(/([a-zA-Z_:][\w:]*)\{([^}]*)\}/g)) {
    const body = (match[2] as string).replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const labels = [...body.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] as string);
    result.push({ metric: match[1] as string, labels });
  }
  return result;
}
