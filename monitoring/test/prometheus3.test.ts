/**
 * Guards for the Prometheus 3 / Alertmanager 0.28 migration points that touch our configuration
 * (monitoring/README.md, "Image versions"), checked on the files the tests cannot run under those
 * releases here: no query matches a histogram's `le` (or a summary's `quantile`) by its exact text,
 * which Prometheus 3 normalises on scrape (`le="1"` becomes `le="1.0"`); no function Prometheus 3
 * renamed; Alertmanager is addressed through its v2 API only; every scrape job keeps the defaults
 * that Prometheus 3 changed the meaning of out of reach (no `scrape_classic_histograms`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listPanelQueries } from '../grafana/src/queries.js';
import { ALERTMANAGER_DIR, PROMETHEUS_DIR } from './support/paths.js';

const ruleExprs = readdirSync(join(PROMETHEUS_DIR, 'rules')).flatMap((file) =>
  (
    parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8')) as {
      groups: { rules: { expr: string }[] }[];
    }
  ).groups.flatMap((group) => group.rules.map((rule) => ({ where: `rules/${file}`, expr: rule.expr }))),
);
const exprs = [
  ...ruleExprs,
  ...listPanelQueries().map((q) => ({ where: `grafana/${q.file} "${q.panel}"`, expr: q.rawExpr })),
];

describe('Prometheus 3 migration points', () => {
  it('no query matches le or quantile by exact value (Prometheus 3 normalises them to floats)', () => {
    const exact = exprs.filter(({ expr }) => /\b(le|quantile)\s*(=|!=|=~|!~)\s*"/.test(expr));
    expect(exact.map(({ where, expr }) => `${where}: ${expr}`)).toEqual([]);
  });

  it('uses no function Prometheus 3 renamed or removed', () => {
    const removed = exprs.filter(({ expr }) => /\bholt_winters\s*\(/.test(expr));
    expect(removed.map(({ where }) => where)).toEqual([]);
  });

  it('addresses Alertmanager through its v2 API (v1 is gone in Alertmanager 0.27+)', () => {
    const config = parse(readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as {
      alerting: { alertmanagers: { api_version?: string }[] };
      scrape_configs: Record<string, unknown>[];
    };
    for (const am of config.alerting.alertmanagers) expect(am.api_version ?? 'v2').toBe('v2');
    for (const job of config.scrape_configs) {
      expect(Object.keys(job), String(job.job_name)).not.toContain('scrape_classic_histograms');
    }
    expect(readFileSync(join(ALERTMANAGER_DIR, 'alertmanager.yml'), 'utf8')).not.toMatch(/api\/v1\//);
  });
});
