import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_HOURLY_LLM_BUDGET_USD, LLM_BUDGET_SERIES } from '../prometheus/src/budget.js';
import { renderRuleFiles } from '../prometheus/src/render.js';
import { staleFiles } from '../src/write-generated.js';
import { requireBinary } from '../stack/binaries.js';
import { exec, output } from './support/exec.js';
import { PROMETHEUS_DIR } from './support/paths.js';

interface RuleFile {
  groups: { name: string; rules: Record<string, unknown>[] }[];
}
interface UnitTestFile {
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts?: { exp_labels?: Record<string, string> }[] }[];
  }[];
}

const read = <T>(path: string): T => parse(readFileSync(join(PROMETHEUS_DIR, path), 'utf8')) as T;
const ruleFiles = readdirSync(join(PROMETHEUS_DIR, 'rules')).map((file) => `rules/${file}`);
const unitTestFiles = readdirSync(join(PROMETHEUS_DIR, 'tests'))
  .filter((file) => file.endsWith('.yml'))
  .map((file) => `tests/${file}`);
const alerts = read<RuleFile>('rules/alerts.yml').groups.flatMap((group) => group.rules);

describe('Prometheus rules', () => {
  it('committed rule files match the generator (run `pnpm monitoring:rules`)', () => {
    expect(staleFiles(PROMETHEUS_DIR, renderRuleFiles())).toEqual([]);
  });

  it('promtool check config passes for prometheus.yml, its rule files and file_sd targets', async () => {
    const result = await exec(requireBinary('promtool'), ['check', 'config', 'prometheus.yml'], {
      cwd: PROMETHEUS_DIR,
    });
    expect(result.code, output(result)).toBe(0);
  });

  it('promtool check rules passes for every rule file', async () => {
    const result = await exec(requireBinary('promtool'), ['check', 'rules', ...ruleFiles], {
      cwd: PROMETHEUS_DIR,
    });
    expect(result.code, output(result)).toBe(0);
  });

  it('promtool test rules passes', async () => {
    const result = await exec(requireBinary('promtool'), ['test', 'rules', ...unitTestFiles], {
      cwd: PROMETHEUS_DIR,
    });
    expect(result.code, output(result)).toBe(0);
  });

  it('every alert and severity has a unit test that fires it and one that shows it quiet', () => {
    const fired = new Set<string>();
    const quiet = new Set<string>();
    for (const file of unitTestFiles) {
      for (const test of read<UnitTestFile>(file).tests) {
        for (const check of test.alert_rule_test ?? []) {
          const expected = check.exp_alerts ?? [];
          if (expected.length === 0) quiet.add(check.alertname);
          for (const alert of expected) fired.add(`${check.alertname}/${alert.exp_labels?.severity}`);
        }
      }
    }
    const variants = alerts.map(
      (rule) => `${rule.alert}/${(rule.labels as Record<string, string>).severity}`,
    );
    expect(variants.filter((variant) => !fired.has(variant))).toEqual([]);
    expect([...new Set(alerts.map((rule) => String(rule.alert)))].filter((name) => !quiet.has(name))).toEqual(
      [],
    );
  });

  it('every alert has a severity, a layer, a summary, a description and a runbook', () => {
    for (const rule of alerts) {
      const labels = rule.labels as Record<string, string>;
      const annotations = rule.annotations as Record<string, string>;
      expect(['critical', 'warning', 'info'], String(rule.alert)).toContain(labels.severity);
      expect(['app', 'target', 'infra'], String(rule.alert)).toContain(labels.layer);
      for (const key of ['summary', 'description', 'runbook']) {
        expect(annotations[key]?.length ?? 0, `${rule.alert} ${key}`).toBeGreaterThan(20);
      }
    }
  });

  it('the budget file defines the budget series with the documented default', () => {
    const budget = read<RuleFile>('rules/budget.yml').groups[0]?.rules[0];
    expect(budget).toEqual({ record: LLM_BUDGET_SERIES, expr: `vector(${DEFAULT_HOURLY_LLM_BUDGET_USD})` });
  });

  it('quantiles aggregate bucket rates by le, and cost budgets use increase over 1h', () => {
    const exprs = ruleFiles.flatMap((file) =>
      read<RuleFile>(file).groups.flatMap((group) => group.rules.map((rule) => String(rule.expr))),
    );
    for (const expr of exprs.filter((e) => e.includes('histogram_quantile'))) {
      expect(expr).toMatch(/histogram_quantile\([\d.]+, sum by \([^)]*\ble\b[^)]*\) \(rate\([a-z_]+_bucket/);
    }
    expect(exprs.filter((e) => /rate\(tradingagents_llm_cost_usd_total/.test(e))).toEqual([]);
  });
});
