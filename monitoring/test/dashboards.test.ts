import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { variableRef } from '../grafana/src/datasources.js';
import { buildDashboards, renderDashboardFiles } from '../grafana/src/index.js';
import { listPanelQueries, substitute, variableDefaults } from '../grafana/src/queries.js';
import { staleFiles } from '../src/write-generated.js';
import { exec, output } from './support/exec.js';
import { GRAFANA_DIR, REPO_ROOT } from './support/paths.js';

interface JsonPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: {
    refId: string;
    expr?: string;
    exemplar?: boolean;
    datasource?: { type?: string; uid?: string };
  }[];
  links?: { url: string }[];
  fieldConfig?: { defaults?: { links?: { title: string; url: string; targetBlank?: boolean }[] } };
}
interface JsonDashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: JsonPanel[];
  templating: { list: { name: string; type: string }[] };
  links: { url?: string }[];
}

const committed: Record<string, JsonDashboard> = Object.fromEntries(
  readdirSync(join(GRAFANA_DIR, 'dashboards'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => [
      file,
      JSON.parse(readFileSync(join(GRAFANA_DIR, 'dashboards', file), 'utf8')) as JsonDashboard,
    ]),
);
/** Grafana's own variables: query intervals, and the time range and series labels of data links. */
const BUILTIN = new Set(['__rate_interval', '__range', '__interval', '__from', '__to', '__field']);
const PANEL_TYPES = new Set(['row', 'timeseries', 'stat', 'piechart', 'table']);

describe('Grafana dashboards', () => {
  it('the committed JSON is what the generator writes (run `pnpm monitoring:dashboards`)', () => {
    expect(staleFiles(GRAFANA_DIR, renderDashboardFiles())).toEqual([]);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(buildDashboards()).sort());
  });

  it('the generator type-checks against the foundation SDK dashboard schema (tsc --noEmit)', async () => {
    const result = await exec(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'monitoring/tsconfig.json'],
      { cwd: REPO_ROOT, timeoutMs: 120_000 },
    );
    expect(result.code, output(result)).toBe(0);
  }, 120_000);

  it('has the six dashboards with unique uids and a schema version', () => {
    const uids = Object.values(committed).map((d) => d.uid);
    expect(uids.sort()).toEqual([
      'tradingagents-agents',
      'tradingagents-application',
      'tradingagents-business',
      'tradingagents-database',
      'tradingagents-services',
      'tradingagents-system',
    ]);
    for (const dashboard of Object.values(committed))
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  for (const [file, dashboard] of Object.entries(committed)) {
    describe(file, () => {
      const panels = dashboard.panels;
      const variables = new Set(dashboard.templating.list.map((v) => v.name));

      it('panels have unique ids, fit the 24-column grid and do not overlap', () => {
        expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
        const cells = new Set<string>();
        for (const panel of panels) {
          const { x, y, w, h } = panel.gridPos;
          expect(x + w, panel.title).toBeLessThanOrEqual(24);
          for (let i = x; i < x + w; i++) {
            for (let j = y; j < y + h; j++) {
              expect(cells.has(`${i},${j}`), `${panel.title} overlaps at ${i},${j}`).toBe(false);
              cells.add(`${i},${j}`);
            }
          }
        }
      });

      it('every panel has a known type, a title, a description and queries on a provisioned datasource', () => {
        for (const panel of panels) {
          expect(PANEL_TYPES.has(panel.type), `${panel.title}: ${panel.type}`).toBe(true);
          expect(panel.title.length).toBeGreaterThan(0);
          if (panel.type === 'row') continue;
          expect(panel.description?.length ?? 0, panel.title).toBeGreaterThan(10);
          expect(panel.targets?.length ?? 0, panel.title).toBeGreaterThan(0);
          const refIds = (panel.targets ?? []).map((t) => t.refId);
          expect(new Set(refIds).size, panel.title).toBe(refIds.length);
          for (const target of panel.targets ?? []) {
            const uid = target.datasource?.uid;
            expect([variableRef('datasource'), 'langfuse'], panel.title).toContain(uid);
            if (uid === variableRef('datasource'))
              expect(target.expr?.trim().length ?? 0, panel.title).toBeGreaterThan(0);
          }
        }
      });

      it('every $variable in a query or link is defined', () => {
        const used = JSON.stringify(panels).match(/\$\{?(\w+)\}?/g) ?? [];
        const undefinedVars = used
          .map((v) => v.replace(/[${}]/g, ''))
          .filter((name) => !BUILTIN.has(name) && !variables.has(name));
        expect([...new Set(undefinedVars)]).toEqual([]);
        const links = JSON.stringify(dashboard.links);
        if (links.includes('langfuse_url')) expect(variables.has('langfuse_url')).toBe(true);
      });

      it('quantiles aggregate bucket rates and keep le', () => {
        for (const panel of panels) {
          for (const target of panel.targets ?? []) {
            if (!target.expr?.includes('histogram_quantile')) continue;
            expect(target.expr, panel.title).toMatch(
              /histogram_quantile\([\d.]+, sum by \([^)]*\ble\b[^)]*\) \(rate\([a-z_]+_bucket\{/,
            );
          }
        }
      });
    });
  }

  it('links analysis and agent series to their Langfuse traces, by name and the time range', () => {
    const dataLinks = (file: string, title: string) =>
      committed[file]?.panels.find((p) => p.title === title)?.fieldConfig?.defaults?.links ?? [];
    const v = variableRef;
    const from = v('__from:date:iso');
    const to = v('__to:date:iso');
    const [analysis] = dataLinks('application.json', 'Analyses by ticker');
    expect(analysis?.url).toBe(
      `${v('langfuse_url')}/project/${v('langfuse_project')}/traces?filter=` +
        `name%3BstringOptions%3B%3Bany%20of%3Banalysis%20${v('__field.labels.ticker')}` +
        `%2Ctimestamp%3Bdatetime%3B%3B%3E%3D%3B${from}%2Ctimestamp%3Bdatetime%3B%3B%3C%3D%3B${to}`,
    );
    expect(analysis?.targetBlank).toBe(true);
    // Decoded, it is Langfuse's own filter format (column;type;key;operator;value, joined by commas).
    expect(decodeURIComponent(analysis?.url.split('filter=')[1] ?? '')).toBe(
      `name;stringOptions;;any of;analysis ${v('__field.labels.ticker')},` +
        `timestamp;datetime;;>=;${from},timestamp;datetime;;<=;${to}`,
    );
    for (const title of [
      'Executions by agent',
      'Success rate by agent',
      'Agent duration p95',
      'Agent duration p50',
    ]) {
      const [agent] = dataLinks('agents.json', title);
      expect(agent?.url, title).toContain(
        `/observations?filter=name%3BstringOptions%3B%3Bany%20of%3Binvoke_agent%20${v('__field.labels.agent_name')}%2C`,
      );
    }
  });

  it('shows exemplars (links to Langfuse traces) on the latency and cost panels, on series that carry them', () => {
    const withExemplars = Object.values(committed).flatMap((d) =>
      d.panels.flatMap((p) =>
        (p.targets ?? []).filter((t) => t.exemplar).map((t) => ({ panel: p.title, expr: t.expr ?? '' })),
      ),
    );
    expect(withExemplars.map((t) => t.panel).sort()).toEqual(
      [
        'Agent duration p95',
        'Analysis duration p50 / p95 / p99',
        'Cost per agent (last hour, rolling)',
        'Cost per model (last hour, rolling)',
        'Hourly spend vs budget',
        'LLM cost per day by model',
        'LLM latency p95 by model',
        'Tool duration p95 by tool',
        'Workflow duration p95',
      ].sort(),
    );
    // Each reads a duration histogram's buckets or the LLM cost counter, whose samples carry exemplars.
    for (const t of withExemplars) {
      expect(t.expr, t.panel).toMatch(/(_duration(_seconds)?_bucket|tradingagents_llm_cost_usd_total)\{/);
    }
  });

  it('lists every Prometheus query with its variables substituted', () => {
    const queries = listPanelQueries({ rateInterval: '30s' });
    expect(queries.length).toBeGreaterThan(60);
    for (const query of queries) {
      expect(query.expr, `${query.file} ${query.panel}`).not.toMatch(/\$/);
    }
    const cpu = queries.find((q) => q.file === 'system.json' && q.panel === 'CPU busy');
    expect(cpu?.expr).toBe(
      '1 - avg by (instance) (rate(node_cpu_seconds_total{job=~"node", instance=~".*", mode="idle"}[30s]))',
    );
    const system = buildDashboards()['system.json'];
    expect(system && variableDefaults(system)).toMatchObject({ job: 'node', instance: '.*' });
    expect(substitute(`x{job=~"$job"}[${variableRef('__range')}]`, { job: 'a' })).toBe('x{job=~"a"}[1h]');
  });
});
