/** The exposition formats `/metrics` serves. */
export type ExpositionFormat = 'prometheus-text' | 'openmetrics';

const OPENMETRICS = 'application/openmetrics-text';
/** Media ranges the text format answers (it is the default, for anything but OpenMetrics). */
const TEXT_RANGES = new Set(['text/plain', 'text/*', '*/*']);

/**
 * The format to answer a request with `accept`: OpenMetrics 1.0 when the client asks for
 * `application/openmetrics-text` (version 1.0.0 or none) at least as much as for the text format
 * (a tie goes to the range listed first), else the Prometheus text format 0.0.4 — also without
 * an Accept header or when it cannot be read. Prometheus 2.x sends
 * `application/openmetrics-text;version=1.0.0,…;text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (accept === undefined || !accept.toLowerCase().includes(OPENMETRICS)) return 'prometheus-text';
  let best: ExpositionFormat = 'prometheus-text';
  let bestQ = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    let q = 1;
    let version: string | undefined;
    for (const param of params) {
      const [key, value = ''] = param.split('=', 2).map((part) => part.trim());
      if (key === 'q') q = Number.parseFloat(value);
      else if (key === 'version') version = value;
    }
    if (!(q > 0 && q <= 1)) continue;
    const format =
      type === OPENMETRICS && (version === undefined || version === '1.0.0')
        ? 'openmetrics'
        : TEXT_RANGES.has(type)
          ? 'prometheus-text'
          : undefined;
    if (format !== undefined && q > bestQ) {
      best = format;
      bestQ = q;
    }
  }
  return best;
}
