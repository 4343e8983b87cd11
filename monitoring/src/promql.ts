/**
 * Small PromQL builders shared by the alert rules, recording rules and dashboards, so the
 * idioms that are easy to get wrong live in one place:
 * - a quantile over a histogram aggregates the per-second bucket rates and keeps `le`;
 * - a ratio of errors keeps the denominator's label set and reads 0 (not "no data") when no
 *   error has ever been counted.
 */

/** A label selector body, e.g. `{ status: 'error' }` -> `status="error"`; `=~` when the value starts with `~`. */
export type Matchers = Readonly<Record<string, string>>;

/** Renders `name{a="b",c=~"d"}`; values starting with `~` use `=~`, with `!` use `!=`. */
export function selector(name: string, matchers: Matchers = {}): string {
  const parts = Object.entries(matchers).map(([key, value]) => {
    if (value.startsWith('~')) return `${key}=~"${value.slice(1)}"`;
    if (value.startsWith('!~')) return `${key}!~"${value.slice(2)}"`;
    if (value.startsWith('!')) return `${key}!="${value.slice(1)}"`;
    return `${key}="${value}"`;
  });
  return parts.length > 0 ? `${name}{${parts.join(', ')}}` : name;
}

/** `sum by (labels) (expr)`, or `sum(expr)` without labels. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length > 0 ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;
}

/** `sum by (labels) (rate(series{matchers}[window]))`. */
export function sumRate(
  series: string,
  matchers: Matchers,
  labels: readonly string[],
  window: string,
): string {
  return sumBy(labels, `rate(${selector(series, matchers)}[${window}])`);
}

/** `sum by (labels) (increase(series{matchers}[window]))`. */
export function sumIncrease(
  series: string,
  matchers: Matchers,
  labels: readonly string[],
  window: string,
): string {
  return sumBy(labels, `increase(${selector(series, matchers)}[${window}])`);
}

/**
 * `histogram_quantile(q, sum by (labels, le) (rate(bucket{matchers}[window])))`: the buckets of
 * all series are aggregated per second before the quantile is taken; `le` is always kept.
 */
export function quantile(
  q: number,
  bucketSeries: string,
  matchers: Matchers,
  labels: readonly string[],
  window: string,
): string {
  if (!bucketSeries.endsWith('_bucket')) throw new Error(`${bucketSeries} is not a _bucket series`);
  return `histogram_quantile(${q}, ${sumRate(bucketSeries, matchers, [...labels, 'le'], window)})`;
}

/**
 * The share of a counter's rate whose `partLabel` has `partValue`, per `labels`:
 * `(sum(rate(x{part}[w])) or sum(rate(x[w])) * 0) / sum(rate(x[w]))` (parenthesised, so
 * a comparison or a factor can follow). The `or … * 0` makes it
 * read 0 while no such part has ever been counted (the OTel SDK creates a series on first use).
 */
export function ratio(
  series: string,
  matchers: Matchers,
  part: Matchers,
  labels: readonly string[],
  window: string,
): string {
  const all = sumRate(series, matchers, labels, window);
  const some = sumRate(series, { ...matchers, ...part }, labels, window);
  return `(\n  (\n      ${some}\n    or\n      ${all} * 0\n  )\n/\n  ${all}\n)`;
}
