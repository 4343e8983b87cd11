/** The frame every dashboard shares: uid, tags, time, links between dashboards and to Langfuse. */
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  type Panel,
  RowBuilder,
  type RowPanel,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { variableRef } from './datasources.js';

/** Tag shared by our dashboards; the "Dashboards" link lists them all. */
export const TAG = 'tradingagents';

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly variables: readonly Builder<VariableModel>[];
  /** Rows of panels, in order. */
  readonly rows: readonly { readonly title: string; readonly panels: readonly Builder<Panel>[] }[];
  /** Adds a dashboard link to Langfuse (uses the `langfuse_url` variable). */
  readonly langfuseLink?: boolean;
}

/** Builds a dashboard and numbers its panels (Grafana needs unique panel ids for links and alerts). */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([TAG, ...spec.tags])
    .editable()
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .variables([...spec.variables])
    .link(
      new DashboardLinkBuilder('TradingAgents dashboards')
        .type(DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  if (spec.langfuseLink) {
    builder.link(
      new DashboardLinkBuilder('Langfuse traces')
        .type(DashboardLinkType.Link)
        .url(variableRef('langfuse_url'))
        .icon('external link')
        .tooltip('LLM traces, prompts and scores in Langfuse')
        .targetBlank(true),
    );
  }
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(panel);
  }
  const dashboard = builder.build();
  let id = 0;
  for (const panel of dashboard.panels ?? []) {
    (panel as Panel | RowPanel).id = ++id;
  }
  return dashboard;
}
