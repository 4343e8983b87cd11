import { type MetricFamily, sumSamples as sum } from '@tradingagents/testkit';
import { ROLE_IDS } from './agents/roles.js';
import type { AnalysisResult } from './analyse.js';
import { histogramQuantile, labelValues } from './metrics.js';

/** Per-agent numbers as scraped from `/metrics`. */
export interface AgentSummary {
  agent: string;
  executions: number;
  errors: number;
  p95Seconds: number | undefined;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Reads the per-agent table from a scrape: executions, p95 duration, tokens and cost. */
export function agentSummaries(families: readonly MetricFamily[]): AgentSummary[] {
  const seen = labelValues(families, 'tradingagents_agent_executions_total', 'agent_name');
  const order = [
    ...ROLE_IDS.filter((id) => seen.includes(id)),
    ...seen.filter((a) => !(ROLE_IDS as string[]).includes(a)).sort(),
  ];
  return order.map((agent) => ({
    agent,
    executions: sum(families, 'tradingagents_agent_executions_total', { agent_name: agent }),
    errors: sum(families, 'tradingagents_agent_executions_total', { agent_name: agent, status: 'error' }),
    p95Seconds: histogramQuantile(families, 'tradingagents_agent_duration_seconds', 0.95, {
      agent_name: agent,
    }),
    inputTokens: sum(families, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'input' }),
    outputTokens: sum(families, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'output' }),
    costUsd: sum(families, 'tradingagents_llm_cost_usd_total', { agent_name: agent }),
  }));
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const usd = (value: number): string => `$${value.toFixed(6)}`;
const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (seconds: number | undefined): string =>
  seconds === undefined ? '-' : `${Math.round(seconds * 1000)} ms`;

/** Formats the end-of-run summary. `families` is the app's own scrape (absent when metrics are off). */
export function formatSummary(
  results: readonly AnalysisResult[],
  families: readonly MetricFamily[] | undefined,
): string {
  const out: string[] = [];
  if (families !== undefined) {
    const agents = agentSummaries(families);
    const rows = agents.map((a) => [
      a.agent,
      int(a.executions) + (a.errors > 0 ? ` (${int(a.errors)} err)` : ''),
      ms(a.p95Seconds),
      int(a.inputTokens),
      int(a.outputTokens),
      usd(a.costUsd),
    ]);
    rows.push([
      'TOTAL',
      int(agents.reduce((s, a) => s + a.executions, 0)),
      '',
      int(agents.reduce((s, a) => s + a.inputTokens, 0)),
      int(agents.reduce((s, a) => s + a.outputTokens, 0)),
      usd(sum(families, 'tradingagents_llm_cost_usd_total')),
    ]);
    out.push(
      'Agents (from /metrics; p95 estimated from histogram buckets):',
      table(
        ['agent', 'executions', 'p95', 'input tok', 'output tok', 'cost'],
        rows,
        new Set([1, 2, 3, 4, 5]),
      ),
    );
  }
  const rows = results.map((r) => [
    r.job.ticker,
    r.job.tradeDate,
    r.status === 'success' ? (r.decision ?? '-') : 'FAILED',
    r.confidence === undefined ? '-' : r.confidence.toFixed(2),
    r.outcome === undefined
      ? '-'
      : `${r.outcome} (${r.change === undefined ? '' : `${(r.change * 100).toFixed(1)}%`})`,
    int(r.inputTokens + r.outputTokens),
    usd(r.costUsd),
    `${(r.durationMs / 1000).toFixed(2)} s`,
  ]);
  out.push(
    '',
    'Analyses:',
    table(
      ['ticker', 'date', 'decision', 'conf', 'outcome (5d)', 'tokens', 'cost', 'duration'],
      rows,
      new Set([3, 5, 6, 7]),
    ),
  );
  const failed = results.filter((r) => r.status === 'error');
  for (const r of failed) out.push(`  ${r.job.ticker} failed: ${r.error}`);
  const checked = results.filter((r) => r.outcome !== undefined && r.outcome !== 'flat');
  const wins = checked.filter((r) => r.outcome === 'win').length;
  out.push(
    '',
    `${results.length - failed.length}/${results.length} analyses succeeded; win rate ${checked.length === 0 ? '-' : `${Math.round((wins / checked.length) * 100)}% (${wins}/${checked.length}, flat excluded)`}; total cost ${usd(results.reduce((s, r) => s + r.costUsd, 0))}.`,
  );
  return out.join('\n');
}
