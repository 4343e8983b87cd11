import { OVERFLOW_LABEL_VALUE, UNKNOWN_LABEL_VALUE } from './catalogue.js';
import type { MetricsRow } from './query.js';

/** One series group of the cache: label values and the aggregates Langfuse computed for them. */
export interface SnapshotGroup {
  readonly labels: { readonly model: string; readonly trace_name: string; readonly environment: string };
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly observations: number;
  readonly latencyP95Seconds: number | undefined;
}

/** What one successful poll leaves in the cache; scrapes read only this. */
export interface Snapshot {
  readonly groups: readonly SnapshotGroup[];
  /** Groups whose label value was folded into `__other__`, by label. */
  readonly folded: Readonly<Record<'model' | 'trace_name' | 'environment', number>>;
  /** Unix ms of the poll that produced it. */
  readonly takenAt: number;
}

export interface SnapshotBounds {
  readonly maxModels: number;
  readonly maxTraceNames: number;
  readonly maxEnvironments: number;
}

type LabelName = 'model' | 'trace_name' | 'environment';

/** Keeps the `max` values with the highest cost; ties keep Langfuse's (cost-descending) order. */
function keptValues(rows: readonly MetricsRow[], label: LabelName, max: number): Set<string> {
  const costs = new Map<string, number>();
  for (const row of rows) {
    const value = row[label] ?? UNKNOWN_LABEL_VALUE;
    costs.set(value, (costs.get(value) ?? 0) + row.costUsd);
  }
  const ranked = [...costs.entries()].sort((a, b) => b[1] - a[1]);
  return new Set(ranked.slice(0, max).map(([value]) => value));
}

/**
 * Turns the rows of one answer into a bounded snapshot. Per label, the values with the highest cost
 * keep their name and the rest fold to `__other__`; folded groups add up, except the p95 latency,
 * which cannot be combined and shows the largest p95 of the folded groups (an upper bound).
 */
export function buildSnapshot(
  rows: readonly MetricsRow[],
  bounds: SnapshotBounds,
  takenAt: number,
): Snapshot {
  const kept = {
    model: keptValues(rows, 'model', bounds.maxModels),
    trace_name: keptValues(rows, 'trace_name', bounds.maxTraceNames),
    environment: keptValues(rows, 'environment', bounds.maxEnvironments),
  };
  const folded = { model: 0, trace_name: 0, environment: 0 };
  const groups = new Map<string, SnapshotGroup>();
  for (const row of rows) {
    const labels = { model: '', trace_name: '', environment: '' };
    for (const label of ['model', 'trace_name', 'environment'] as const) {
      const value = row[label] ?? UNKNOWN_LABEL_VALUE;
      if (kept[label].has(value)) labels[label] = value;
      else {
        labels[label] = OVERFLOW_LABEL_VALUE;
        folded[label] += 1;
      }
    }
    const key = JSON.stringify([labels.model, labels.trace_name, labels.environment]);
    const previous = groups.get(key);
    groups.set(key, {
      labels,
      costUsd: (previous?.costUsd ?? 0) + row.costUsd,
      inputTokens: (previous?.inputTokens ?? 0) + row.inputTokens,
      outputTokens: (previous?.outputTokens ?? 0) + row.outputTokens,
      totalTokens: (previous?.totalTokens ?? 0) + row.totalTokens,
      observations: (previous?.observations ?? 0) + row.observations,
      latencyP95Seconds: maxDefined(previous?.latencyP95Seconds, row.latencyP95Seconds),
    });
  }
  return Object.freeze({
    groups: Object.freeze([...groups.values()]),
    folded: Object.freeze(folded),
    takenAt,
  });
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
