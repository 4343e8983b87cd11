import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelemetryHandle } from '@tradingagents/telemetry';
import { type MetricFamily, scrape } from '@tradingagents/testkit';

/**
 * Scrapes the app's own `/metrics`, so that the summary shows exactly what Prometheus sees. When
 * the port could not be bound, the same handler is served once on an ephemeral loopback port.
 * Returns `undefined` when metrics are off.
 */
export async function scrapeOwnMetrics(handle: TelemetryHandle): Promise<MetricFamily[] | undefined> {
  if (handle.metricsUrl !== undefined) return scrape(handle.metricsUrl);
  const handler = handle.metricsHandler;
  if (handler === undefined) return undefined;
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await scrape(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

type Labels = Readonly<Record<string, string>>;

/** The distinct values of `label` on samples named `name`. */
export function labelValues(families: readonly MetricFamily[], name: string, label: string): string[] {
  const values = new Set<string>();
  for (const family of families) {
    for (const sample of family.samples) {
      const value = sample.labels[label];
      if (sample.name === name && value !== undefined) values.add(value);
    }
  }
  return [...values];
}

/**
 * The `q` quantile of a histogram, interpolated linearly within buckets like PromQL's
 * `histogram_quantile` (summed over the series that match `filter`). `undefined` without samples.
 */
export function histogramQuantile(
  families: readonly MetricFamily[],
  name: string,
  q: number,
  filter: Labels = {},
): number | undefined {
  const buckets = new Map<number, number>();
  for (const family of families) {
    for (const sample of family.samples) {
      if (sample.name !== `${name}_bucket`) continue;
      if (!Object.entries(filter).every(([k, v]) => sample.labels[k] === v)) continue;
      const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + sample.value);
    }
  }
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted[sorted.length - 1]?.[1] ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      // Past the last finite bound PromQL answers the highest finite bound.
      if (le === Number.POSITIVE_INFINITY) return lowerBound;
      return lowerBound + ((le - lowerBound) * (rank - lowerCount)) / Math.max(count - lowerCount, 1e-12);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
