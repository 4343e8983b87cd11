/**
 * The v1 Metrics API without the trace-join loss.
 *
 * On v1 (`GET /api/public/metrics`, the legacy observations/traces tables), grouping observations by
 * `traceName` INNER JOINs the traces table and filters `traces.timestamp` to the query window as well
 * (langfuse/langfuse `packages/shared/src/features/query/dataModel.ts`: `observationsView.traceName` has
 * `relationTable: "traces"`; `server/queryBuilder.ts` `buildJoins` adds the relation's time filters). A
 * model call inside the window whose trace started before it is dropped, with its cost. v2 reads the
 * trace name from the events table and has no such join.
 *
 * So a v1 poll sends two queries: the trace-name breakdown (all dimensions, joined), then the totals by
 * model and environment (no traces dimension, no join). Per model and environment, what the totals hold
 * beyond the breakdown is served under `trace_name="__unattributed__"`, so the sum over trace names is
 * the full cost. The breakdown goes first: Langfuse only adds data to a past window, so totals read
 * later are never below it.
 */
import { UNATTRIBUTED_LABEL_VALUE } from './catalogue.js';
import type { MetricsRow } from './query.js';

type Additive = Pick<MetricsRow, 'costUsd' | 'inputTokens' | 'outputTokens' | 'totalTokens' | 'observations'>;

const ADDITIVE = ['costUsd', 'inputTokens', 'outputTokens', 'totalTokens', 'observations'] as const;

const groupKey = (row: MetricsRow) => JSON.stringify([row.model, row.environment]);

/**
 * The breakdown rows, plus one `__unattributed__` row per model and environment whose totals exceed
 * what the breakdown covers. Its p95 latency is unknown (quantiles do not subtract), so it has none.
 */
export function mergeV1Answers(
  breakdown: readonly MetricsRow[],
  totals: readonly MetricsRow[],
): MetricsRow[] {
  const covered = new Map<string, Additive>();
  for (const row of breakdown) {
    const sum = covered.get(groupKey(row));
    covered.set(groupKey(row), {
      costUsd: (sum?.costUsd ?? 0) + row.costUsd,
      inputTokens: (sum?.inputTokens ?? 0) + row.inputTokens,
      outputTokens: (sum?.outputTokens ?? 0) + row.outputTokens,
      totalTokens: (sum?.totalTokens ?? 0) + row.totalTokens,
      observations: (sum?.observations ?? 0) + row.observations,
    });
  }
  const merged = [...breakdown];
  for (const total of totals) {
    const sum = covered.get(groupKey(total));
    // Calls are the unit the join drops; without a missing call, any cost difference is rounding.
    if (total.observations <= (sum?.observations ?? 0)) continue;
    const rest = {} as Record<(typeof ADDITIVE)[number], number>;
    for (const key of ADDITIVE) rest[key] = Math.max(0, total[key] - (sum?.[key] ?? 0));
    merged.push({
      model: total.model,
      trace_name: UNATTRIBUTED_LABEL_VALUE,
      environment: total.environment,
      ...rest,
      latencyP95Seconds: undefined,
    });
  }
  return merged;
}
