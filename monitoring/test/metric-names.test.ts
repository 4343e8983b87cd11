import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRIC_CATALOGUE } from '../../packages/telemetry/src/catalogue.js';
import { listPanelQueries, listVariableQueries } from '../grafana/src/queries.js';
import { BRIDGE_METRIC_CATALOGUE } from '../src/catalogue.js';
import { EXPORTER_METRIC_NAMES } from '../src/exporter-metrics.js';
import { PROMETHEUS_DIR } from './support/paths.js';
import { metricNames, selectors } from './support/promql-names.js';

interface RuleFile {
  groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
}

const rules = readdirSync(join(PROMETHEUS_DIR, 'rules')).flatMap((file) =>
  (parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8')) as RuleFile).groups.flatMap((group) =>
    group.rules.map((rule) => ({
      where: `rules/${file} ${rule.record ?? rule.alert}`,
      expr: rule.expr,
      rule,
    })),
  ),
);
const recorded = new Set(rules.flatMap(({ rule }) => (rule.record === undefined ? [] : [rule.record])));

/** Scraped series name -> the catalogue labels it carries (the SDK's and the Langfuse bridge's). */
const catalogueSeries = new Map<string, readonly string[]>();
for (const def of [...METRIC_CATALOGUE, ...BRIDGE_METRIC_CATALOGUE]) {
  const names =
    def.prometheusType === 'histogram'
      ? ['_bucket', '_sum', '_count'].map((suffix) => `${def.prometheusName}${suffix}`)
      : [def.prometheusName];
  const labels = def.prometheusType === 'histogram' ? [...def.labels, 'le'] : def.labels;
  for (const name of names) catalogueSeries.set(name, labels);
}

const sources = [
  ...rules.map(({ where, expr }) => ({ where, expr })),
  ...listPanelQueries().map((q) => ({ where: `grafana/${q.file} "${q.panel}" ${q.refId}`, expr: q.rawExpr })),
  ...listVariableQueries().map((v) => ({
    where: `grafana/${v.file} variable $${v.variable}`,
    expr: v.query,
  })),
];

describe('metric names in dashboards and rules', () => {
  it('finds the queries of all six dashboards and all rule files', () => {
    expect(new Set(listPanelQueries().map((q) => q.file)).size).toBe(6);
    expect(sources.length).toBeGreaterThan(100);
  });

  it('every metric is in the catalogue, a recording rule, or the exporter allow-list', () => {
    const unknown = sources.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter(
          (name) => !catalogueSeries.has(name) && !recorded.has(name) && !EXPORTER_METRIC_NAMES.has(name),
        )
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every label matched on a catalogue metric is one of its labels (or job/instance)', () => {
    const wrong = sources.flatMap(({ where, expr }) =>
      selectors(expr)
        .filter(({ metric }) => catalogueSeries.has(metric))
        .flatMap(({ metric, labels }) =>
          labels
            .filter((label) => !['job', 'instance', ...(catalogueSeries.get(metric) ?? [])].includes(label))
            .map((label) => `${where}: ${metric}{${label}}`),
        ),
    );
    expect(wrong).toEqual([]);
  });

  it('uses the whole catalogue: every SDK metric appears in a dashboard or rule', () => {
    const used = new Set(sources.flatMap(({ expr }) => metricNames(expr)));
    const unused = METRIC_CATALOGUE.filter(
      (def) =>
        !used.has(def.prometheusName) &&
        !['_bucket', '_sum', '_count'].some((suffix) => used.has(`${def.prometheusName}${suffix}`)),
    ).map((def) => def.prometheusName);
    expect(unused).toEqual([]);
  });

  it("uses the Langfuse bridge's Langfuse series (not only its self-metrics) in a dashboard or rule", () => {
    const used = new Set(sources.flatMap(({ expr }) => metricNames(expr)));
    const unused = BRIDGE_METRIC_CATALOGUE.filter((def) => !def.self && !used.has(def.prometheusName)).map(
      (def) => def.prometheusName,
    );
    expect(unused).toEqual([]);
  });

  it('the extractor sees through functions, grouping, matchers and variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, job) (rate(a_bucket{job=~"$job", x="sum(y)"}[$__rate_interval]))) / on (job) group_left b:c:d or vector(0)',
      ).sort(),
    ).toEqual(['a_bucket', 'b:c:d']);
    expect(metricNames('label_values(m_total{job=~"$job"}, agent_name)')).toEqual(['m_total']);
    expect(selectors('rate(m_total{job=~"$job", status="error"}[5m])')).toEqual([
      { metric: 'm_total', labels: ['job', 'status'] },
    ]);
  });
});
