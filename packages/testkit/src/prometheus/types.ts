/** Metric types of the text exposition format 0.0.4. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample line. */
export interface Sample {
  /** The sample's own name, e.g. `http_request_duration_seconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  /** The value; `NaN`, `Infinity` and `-Infinity` for `NaN`, `+Inf` and `-Inf`. */
  value: number;
  /** Optional timestamp, milliseconds since the epoch. */
  timestampMs?: number;
}

/** A metric family: the samples under one `# TYPE` (histogram and summary samples included). */
export interface MetricFamily {
  name: string;
  type: MetricType;
  /** The HELP text, unescaped; `''` when absent. */
  help: string;
  samples: Sample[];
}
