import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration } from '@tradingagents/telemetry/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXPORTER_METRICS } from '../src/catalogue.js';
import { EXPORTER_DEFAULTS } from '../src/config.js';

const DIR = join(import.meta.dirname, '..', 'monitoring');
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

function promtool(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, args, { cwd: DIR }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (
  parse(readFileSync(join(DIR, 'langfuse-rules.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }
).groups.flatMap((group) => group.rules);

describe('reconciliation rules (promtool)', () => {
  it(`promtool is installed at ${PROMTOOL} (set PROMTOOL to override)`, () => {
    expect(existsSync(PROMTOOL)).toBe(true);
  });

  it('promtool check rules passes', async () => {
    const result = await promtool(['check', 'rules', 'langfuse-rules.yml']);
    expect(result.code, result.output).toBe(0);
  });

  it('promtool test rules passes: LangfuseCostDrift fires and stays quiet as specified', async () => {
    const result = await promtool(['test', 'rules', 'langfuse-rules.test.yml']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS/);
  });
});

describe('reconciliation rules (content)', () => {
  it('records tradingagents:langfuse_cost_drift_ratio and alerts LangfuseCostDrift with the house annotations', () => {
    expect(rules.map((rule) => rule.record ?? rule.alert)).toEqual([
      'tradingagents:langfuse_cost_usd:window',
      'tradingagents:llm_cost_usd:increase1h_offset10m',
      'tradingagents:langfuse_cost_drift_ratio',
      'LangfuseCostDrift',
      'LangfuseExporterStale',
    ]);
    for (const rule of rules.filter((r) => r.alert !== undefined)) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(Object.keys(rule.annotations ?? {}).sort()).toEqual(['description', 'runbook', 'summary']);
    }
  });

  it('uses the exporter defaults for the window and offset, and the catalogue names', () => {
    const app = rules.find((r) => r.record === 'tradingagents:llm_cost_usd:increase1h_offset10m') as Rule;
    expect(app.expr).toContain(
      `tradingagents_llm_cost_usd_total[${formatDuration(EXPORTER_DEFAULTS.windowSeconds)}] offset ${formatDuration(EXPORTER_DEFAULTS.queryDelaySeconds)}`,
    );
    const all = rules.map((rule) => rule.expr).join('\n');
    for (const def of [
      EXPORTER_METRICS.cost,
      EXPORTER_METRICS.window,
      EXPORTER_METRICS.lastSuccess,
      EXPORTER_METRICS.driftThreshold,
    ]) {
      expect(all).toContain(def.prometheusName);
    }
    expect(all).toContain(`< ${3 * EXPORTER_DEFAULTS.pollIntervalSeconds}`);
    expect(all).toContain(`vector(${EXPORTER_DEFAULTS.driftThresholdPercent / 100})`);
  });
});
