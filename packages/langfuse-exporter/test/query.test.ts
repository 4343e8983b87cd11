import { describe, expect, it } from 'vitest';
import { ALL_DIMENSIONS, buildMetricsQuery, parseMetricsResponse, TOTALS_DIMENSIONS } from '../src/query.js';
import { buildSnapshot } from '../src/snapshot.js';
import { validateQuery } from './support/fake-langfuse.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

describe('the grouped Metrics API query', () => {
  it('passes the documented v2 and v1 schemas, with and without an environment filter, breakdown and totals', () => {
    for (const environments of [[], ['production', 'staging']]) {
      for (const dimensions of [ALL_DIMENSIONS, TOTALS_DIMENSIONS]) {
        const window = { windowSeconds: 3600, queryDelaySeconds: 600, environments };
        const json = JSON.parse(JSON.stringify(buildMetricsQuery(window, NOW, dimensions)));
        expect(() => validateQuery(json, 'v2')).not.toThrow();
        expect(() => validateQuery(json, 'v1')).not.toThrow();
      }
    }
  });

  it('groups the v1 totals by no dimension that lives on the traces table', () => {
    const query = buildMetricsQuery(
      { windowSeconds: 3600, queryDelaySeconds: 600, environments: [] },
      NOW,
      TOTALS_DIMENSIONS,
    );
    expect(query.dimensions).toEqual([{ field: 'providedModelName' }, { field: 'environment' }]);
    expect(query.filters.map((f) => f.column)).toEqual(['providedModelName']);
  });

  it('covers [now - delay - window, now - delay)', () => {
    const query = buildMetricsQuery({ windowSeconds: 3600, queryDelaySeconds: 600, environments: [] }, NOW);
    expect(query.fromTimestamp).toBe('2026-03-01T10:50:00.000Z');
    expect(query.toTimestamp).toBe('2026-03-01T11:50:00.000Z');
  });

  it('the fake rejects what Langfuse rejects (unknown view, dimension, measure, high cardinality)', () => {
    const base = JSON.parse(
      JSON.stringify(buildMetricsQuery({ windowSeconds: 3600, queryDelaySeconds: 0, environments: [] }, NOW)),
    );
    expect(() => validateQuery({ ...base, view: 'traces' }, 'v2')).toThrow(/Invalid view/);
    expect(() => validateQuery({ ...base, dimensions: [{ field: 'model' }] }, 'v2')).toThrow(
      /Invalid dimension/,
    );
    expect(() => validateQuery({ ...base, dimensions: [{ field: 'userId' }] }, 'v2')).toThrow(
      /High cardinality/,
    );
    expect(() =>
      validateQuery({ ...base, metrics: [{ measure: 'cost', aggregation: 'sum' }] }, 'v2'),
    ).toThrow(/Invalid metric/);
    expect(() =>
      validateQuery({ ...base, metrics: [{ measure: 'totalCost', aggregation: 'p42' }] }, 'v2'),
    ).toThrow(/aggregation/);
    expect(() => validateQuery({ ...base, toTimestamp: base.fromTimestamp }, 'v2')).toThrow(/before/);
    expect(() => validateQuery({ ...base, dimension: [] }, 'v2')).toThrow(/unknown query field/);
  });
});

describe('parsing the answer', () => {
  it('reads <aggregation>_<measure> keys, numeric strings, nulls, and converts latency to seconds', () => {
    const rows = parseMetricsResponse({
      data: [
        {
          providedModelName: 'gpt-4o',
          traceName: null,
          environment: 'default',
          sum_totalCost: '0.5',
          sum_inputTokens: 10,
          sum_outputTokens: '5',
          sum_totalTokens: 15,
          count_count: '3',
          p95_latency: 1250,
        },
      ],
    });
    expect(rows).toEqual([
      {
        model: 'gpt-4o',
        trace_name: null,
        environment: 'default',
        costUsd: 0.5,
        inputTokens: 10,
        outputTokens: 5,
        totalTokens: 15,
        observations: 3,
        latencyP95Seconds: 1.25,
      },
    ]);
  });

  it('throws on a body that is not { data: [object] } or a value that is not a number', () => {
    expect(() => parseMetricsResponse({ ok: false })).toThrow(/data/);
    expect(() => parseMetricsResponse({ data: [1] })).toThrow(/not an object/);
    expect(() => parseMetricsResponse({ data: [{ sum_totalCost: 'abc' }] })).toThrow(/not a number/);
  });

  it('folds beyond the bounds by cost and keeps unknown for null dimensions', () => {
    const rows = parseMetricsResponse({
      data: [
        {
          providedModelName: 'a',
          traceName: null,
          environment: 'p',
          sum_totalCost: 3,
          count_count: 1,
          p95_latency: 100,
        },
        {
          providedModelName: 'b',
          traceName: null,
          environment: 'p',
          sum_totalCost: 2,
          count_count: 1,
          p95_latency: 900,
        },
        {
          providedModelName: 'c',
          traceName: null,
          environment: 'p',
          sum_totalCost: 1,
          count_count: 1,
          p95_latency: 500,
        },
      ],
    });
    const snapshot = buildSnapshot(rows, { maxModels: 1, maxTraceNames: 5, maxEnvironments: 5 }, NOW);
    expect(
      snapshot.groups.map((g) => [
        g.labels.model,
        g.labels.trace_name,
        g.costUsd,
        g.observations,
        g.latencyP95Seconds,
      ]),
    ).toEqual([
      ['a', 'unknown', 3, 1, 0.1],
      ['__other__', 'unknown', 3, 2, 0.9],
    ]);
    expect(snapshot.folded).toEqual({ model: 2, trace_name: 0, environment: 0 });
  });
});
