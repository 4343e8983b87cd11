import type { MetricFamily } from './types.js';

/**
 * Sums the values of every sample named `name` (the sample name, e.g. `foo_total` or `foo_count`)
 * whose labels include all of `labelFilter`. Returns 0 when nothing matches.
 */
export function sumSamples(
  families: readonly MetricFamily[],
  name: string,
  labelFilter: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const family of families) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      if (Object.entries(labelFilter).every(([key, value]) => sample.labels[key] === value))
        sum += sample.value;
    }
  }
  return sum;
}
