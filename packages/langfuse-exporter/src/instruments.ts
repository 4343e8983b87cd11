import type { BatchObservableResult, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import {
  EXPORTER_METRICS,
  type ExporterMetricDefinition,
  POLL_ERROR_REASONS,
  type PollErrorReason,
  TOKEN_TYPES,
} from './catalogue.js';
import type { MetricsApiVersion } from './client.js';
import type { PollObserver } from './poller.js';
import type { Snapshot, SnapshotGroup } from './snapshot.js';

/** What the observable gauges read at scrape time: the cache and the config, never Langfuse. */
export interface InstrumentSource {
  current(): Snapshot | undefined;
  apiVersion(): MetricsApiVersion;
  readonly windowSeconds: number;
  readonly queryDelaySeconds: number;
  readonly driftThresholdPercent: number;
}

const options = (def: ExporterMetricDefinition) => ({
  description: def.description,
  unit: def.unit,
  ...(def.buckets ? { advice: { explicitBucketBoundaries: [...def.buckets] } } : {}),
});

/**
 * Creates every instrument of the catalogue on `meter`. The Langfuse series are observable gauges
 * whose callback reads the cached snapshot, so a scrape never triggers a request to Langfuse; the
 * exporter's own health goes through a counter and a histogram. Returns the observer the poller reports to.
 */
export function createInstruments(meter: Meter, source: InstrumentSource): PollObserver {
  const M = EXPORTER_METRICS;
  const gauge = (def: ExporterMetricDefinition) => meter.createObservableGauge(def.name, options(def));

  const cost = gauge(M.cost);
  const tokens = gauge(M.tokens);
  const observations = gauge(M.observations);
  const latency = gauge(M.latencyP95);
  const window = gauge(M.window);
  const queryDelay = gauge(M.queryDelay);
  const lastSuccess = gauge(M.lastSuccess);
  const apiInfo = gauge(M.apiInfo);
  const folded = gauge(M.foldedGroups);
  const driftThreshold = gauge(M.driftThreshold);

  meter.addBatchObservableCallback(
    (result) => {
      const snapshot = source.current();
      result.observe(window, source.windowSeconds);
      result.observe(queryDelay, source.queryDelaySeconds);
      result.observe(driftThreshold, source.driftThresholdPercent / 100);
      result.observe(apiInfo, 1, { api_version: source.apiVersion() });
      // 0 until the first success, so "never succeeded" reads as very stale rather than as absent.
      result.observe(lastSuccess, snapshot === undefined ? 0 : snapshot.takenAt / 1000);
      if (snapshot === undefined) return;
      for (const [label, count] of Object.entries(snapshot.folded)) result.observe(folded, count, { label });
      for (const group of snapshot.groups) {
        const labels = group.labels;
        result.observe(cost, group.costUsd, labels);
        result.observe(observations, group.observations, labels);
        observeTokens(result, tokens, group, labels);
        if (group.latencyP95Seconds !== undefined) result.observe(latency, group.latencyP95Seconds, labels);
      }
    },
    [cost, tokens, observations, latency, window, queryDelay, lastSuccess, apiInfo, folded, driftThreshold],
  );

  const pollErrors: Counter = meter.createCounter(M.pollErrors.name, options(M.pollErrors));
  const pollDuration: Histogram = meter.createHistogram(M.pollDuration.name, options(M.pollDuration));
  // Every reason starts at 0, so increase() and rate() see the first error.
  for (const reason of POLL_ERROR_REASONS) pollErrors.add(0, { reason });

  return {
    pollSucceeded: (_snapshot, seconds) => pollDuration.record(seconds, { result: 'success' }),
    pollFailed: (reason: PollErrorReason, seconds) => {
      pollErrors.add(1, { reason });
      pollDuration.record(seconds, { result: 'error' });
    },
  };
}

function observeTokens(
  result: BatchObservableResult,
  tokens: ObservableGauge,
  group: SnapshotGroup,
  labels: SnapshotGroup['labels'],
): void {
  const values: Record<(typeof TOKEN_TYPES)[number], number> = {
    input: group.inputTokens,
    output: group.outputTokens,
    total: group.totalTokens,
  };
  for (const type of TOKEN_TYPES) result.observe(tokens, values[type], { ...labels, type });
}
