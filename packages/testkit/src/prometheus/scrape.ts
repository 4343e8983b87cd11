import { parsePrometheusText } from './parse.js';
import type { MetricFamily } from './types.js';

/** Options for {@link scrape}. */
export interface ScrapeOptions {
  /** Abort the request after this long. @default 5000 */
  timeoutMs?: number;
}

/**
 * GETs a Prometheus endpoint asking for text format 0.0.4 and parses the body strictly.
 * Throws when the status is not 2xx or the body does not parse.
 */
export async function scrape(url: string, options: ScrapeOptions = {}): Promise<MetricFamily[]> {
  const response = await fetch(url, {
    headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`scrape of ${url} failed: HTTP ${response.status} ${text.slice(0, 200)}`);
  }
  return parsePrometheusText(text);
}
