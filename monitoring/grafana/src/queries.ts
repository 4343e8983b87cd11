/**
 * Every Prometheus query of every dashboard panel, with template variables substituted, so a test
 * can run each against a real Prometheus and name the dashboard and panel that shows "No data".
 */
import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboards } from './index.js';

export interface PanelQuery {
  /** Dashboard file, e.g. `system.json`. */
  readonly file: string;
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  /** The query as written in the dashboard, with `$variables`. */
  readonly rawExpr: string;
  /** The query with every variable substituted, ready for /api/v1/query. */
  readonly expr: string;
}

export interface SubstituteOptions {
  /** Values of dashboard variables, e.g. `{ job: 'tradingagents' }`. @default each variable's default; "All" is `.*` */
  readonly variables?: Readonly<Record<string, string>>;
  /** Grafana's `$__rate_interval`. @default '1m' */
  readonly rateInterval?: string;
  /** Grafana's `$__range` (the dashboard time range). @default '1h' */
  readonly range?: string;
  /** Grafana's `$__interval`. @default '1m' */
  readonly interval?: string;
}

type AnyPanel = Panel | RowPanel;
interface Target {
  refId?: string;
  expr?: string;
}

/** Default value of each variable of a dashboard (`.*` for "All"). */
export function variableDefaults(dashboard: Dashboard): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of (dashboard.templating?.list ?? []) as VariableModel[]) {
    const current = variable.current?.value;
    const value = Array.isArray(current) ? current[0] : current;
    if (value === undefined) continue;
    values[variable.name] = value === '$__all' ? (variable.allValue ?? '.*') : value;
  }
  return values;
}

/** Replaces `$name`, `${name}` and Grafana's `$__…` intervals in `expr`. */
export function substitute(
  expr: string,
  variables: Readonly<Record<string, string>>,
  options: SubstituteOptions = {},
) {
  const builtins: Record<string, string> = {
    __rate_interval: options.rateInterval ?? '1m',
    __range: options.range ?? '1h',
    __interval: options.interval ?? '1m',
  };
  return expr.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (match, braced: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      const value = builtins[name] ?? variables[name];
      if (value === undefined) throw new Error(`unknown variable ${match} in: ${expr}`);
      return value;
    },
  );
}

function panelsOf(dashboard: Dashboard): Panel[] {
  return ((dashboard.panels ?? []) as AnyPanel[]).flatMap((panel) =>
    panel.type === 'row' ? ((panel as RowPanel).panels ?? []) : [panel as Panel],
  );
}

/** Every {dashboard, panel, expr} of the Prometheus panels, variables substituted. */
export function listPanelQueries(options: SubstituteOptions = {}): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const [file, dashboard] of Object.entries(buildDashboards())) {
    const variables = { ...variableDefaults(dashboard), ...options.variables };
    for (const panel of panelsOf(dashboard)) {
      for (const target of (panel.targets ?? []) as Target[]) {
        if (typeof target.expr !== 'string') continue;
        queries.push({
          file,
          dashboard: dashboard.title ?? file,
          panel: panel.title ?? '(untitled)',
          refId: target.refId ?? '',
          rawExpr: target.expr,
          expr: substitute(target.expr, variables, options),
        });
      }
    }
  }
  return queries;
}

/** The `label_values(…)` queries of the dashboards' variables, for tests that check them too. */
export function listVariableQueries(): { file: string; variable: string; query: string }[] {
  return Object.entries(buildDashboards()).flatMap(([file, dashboard]) =>
    ((dashboard.templating?.list ?? []) as VariableModel[])
      .filter((variable) => variable.type === 'query' && typeof variable.query === 'string')
      .map((variable) => ({ file, variable: variable.name ?? '', query: variable.query as string })),
  );
}
