/**
 * The merge rules of the cluster aggregator on exposition text as our serializer writes it:
 * counters and histograms summed, our in-flight gauges summed, other gauges kept per worker with a
 * `worker` label, an exited worker's counters kept in a retired sum, label values with braces,
 * quotes and escapes passed through untouched.
 */
import { parsePrometheusText } from '@tradingagents/testkit';
import { describe, expect, it } from 'vitest';
import { ClusterAggregator } from '../../src/cluster/aggregator.js';
import { parseExposition, renderExposition } from '../../src/cluster/exposition.js';

const worker = (
  analyses: number,
  active: number,
  heap: number,
  pid: number,
) => `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{process_pid="${pid}",service_name="tradingagents"} 1
# HELP tradingagents_analyses_total Analyses completed, by ticker and status.
# UNIT tradingagents_analyses_total {analysis}
# TYPE tradingagents_analyses_total counter
tradingagents_analyses_total{ticker="NV}DA \\"x\\" \\\\",status="success"} ${analyses}
# HELP tradingagents_analysis_duration_seconds Wall-clock duration of one analysis.
# TYPE tradingagents_analysis_duration_seconds histogram
tradingagents_analysis_duration_seconds_count{ticker="A",status="success"} ${analyses}
tradingagents_analysis_duration_seconds_sum{ticker="A",status="success"} ${analyses * 1.5}
tradingagents_analysis_duration_seconds_bucket{ticker="A",status="success",le="1"} 0
tradingagents_analysis_duration_seconds_bucket{ticker="A",status="success",le="+Inf"} ${analyses}
# HELP tradingagents_active_analyses Analyses currently running.
# TYPE tradingagents_active_analyses gauge
tradingagents_active_analyses ${active}
# HELP process_heap_bytes Heap in use.
# TYPE process_heap_bytes gauge
process_heap_bytes ${heap}
`;

function merged(aggregator: ClusterAggregator) {
  return parsePrometheusText(aggregator.render());
}
const value = (families: ReturnType<typeof merged>, name: string, labels: Record<string, string> = {}) =>
  families
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .map((s) => s.value);

describe('ClusterAggregator', () => {
  it('parses and renders our exposition unchanged', () => {
    const text = worker(3, 1, 100, 7);
    expect(renderExposition(parseExposition(text).values())).toBe(text);
  });

  it('sums counters, histograms and our gauges; keeps other gauges per worker', () => {
    const aggregator = new ClusterAggregator();
    aggregator.update(0, parseExposition(worker(3, 1, 100, 7)));
    aggregator.update(1, parseExposition(worker(5, 2, 200, 8)));
    const families = merged(aggregator);
    expect(value(families, 'tradingagents_analyses_total', { ticker: 'NV}DA "x" \\' })).toEqual([8]);
    expect(value(families, 'tradingagents_analysis_duration_seconds_count')).toEqual([8]);
    expect(value(families, 'tradingagents_analysis_duration_seconds_sum')).toEqual([12]);
    expect(value(families, 'tradingagents_analysis_duration_seconds_bucket', { le: '+Inf' })).toEqual([8]);
    expect(value(families, 'tradingagents_active_analyses')).toEqual([3]);
    expect(
      families.find((f) => f.name === 'process_heap_bytes')?.samples.map((s) => [s.labels, s.value]),
    ).toEqual([
      [{ worker: '0' }, 100],
      [{ worker: '1' }, 200],
    ]);
    expect(families.find((f) => f.name === 'target_info')?.samples.map((s) => s.labels)).toEqual([
      { worker: '0', process_pid: '7', service_name: 'tradingagents' },
      { worker: '1', process_pid: '8', service_name: 'tradingagents' },
    ]);
  });

  it("keeps an exited worker's counters and histograms, not its gauges, and adds its replacement's", () => {
    const aggregator = new ClusterAggregator();
    aggregator.update(0, parseExposition(worker(3, 1, 100, 7)));
    aggregator.update(1, parseExposition(worker(5, 2, 200, 8)));
    aggregator.retire(0);
    let families = merged(aggregator);
    expect(value(families, 'tradingagents_analyses_total')).toEqual([8]);
    expect(value(families, 'tradingagents_analysis_duration_seconds_sum')).toEqual([12]);
    expect(value(families, 'tradingagents_active_analyses')).toEqual([2]);
    expect(value(families, 'process_heap_bytes')).toEqual([200]);
    // The replacement starts from 0 in the same slot: totals go on from where they were.
    aggregator.update(0, parseExposition(worker(1, 0, 50, 9)));
    families = merged(aggregator);
    expect(value(families, 'tradingagents_analyses_total')).toEqual([9]);
    expect(value(families, 'tradingagents_analysis_duration_seconds_bucket', { le: '+Inf' })).toEqual([9]);
    expect(value(families, 'process_heap_bytes', { worker: '0' })).toEqual([50]);
  });

  it('rejects a truncated exposition (the caller keeps the last good one)', () => {
    expect(() => parseExposition('x_total{a="1" 3\n')).toThrow(/unterminated/);
    expect(() => parseExposition('x_total{a="1"} abc\n')).toThrow(/bad sample value/);
  });
});
