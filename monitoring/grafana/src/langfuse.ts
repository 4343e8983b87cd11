/**
 * A query of the Infinity datasource (JSON API) against Langfuse's public API. The foundation SDK
 * ships no Infinity types, so this is a custom Dataquery variant, as its README shows for plugins.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { DashboardLinkBuilder, type DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';
import { LANGFUSE, variableRef } from './datasources.js';

export interface InfinityColumn {
  readonly selector: string;
  readonly text: string;
  readonly type: 'string' | 'number' | 'timestamp';
}

export interface InfinityQuery extends Dataquery {
  refId: string;
  datasource: DataSourceRef;
  type: 'json';
  source: 'url';
  parser: 'backend';
  format: 'table';
  /** Path appended to the datasource's base URL (Langfuse's). */
  url: string;
  url_options: { method: 'GET'; params: { key: string; value: string }[] };
  root_selector: string;
  columns: InfinityColumn[];
}

export class InfinityQueryBuilder implements Builder<Dataquery> {
  private readonly query: InfinityQuery;

  constructor(url: string, rootSelector: string, columns: readonly InfinityColumn[]) {
    this.query = {
      refId: 'A',
      datasource: LANGFUSE,
      type: 'json',
      source: 'url',
      parser: 'backend',
      format: 'table',
      url,
      url_options: { method: 'GET', params: [] },
      root_selector: rootSelector,
      columns: [...columns],
      _implementsDataqueryVariant() {},
    };
  }

  param(key: string, value: string): this {
    this.query.url_options.params.push({ key, value });
    return this;
  }

  build(): InfinityQuery {
    return this.query;
  }
}

/** Langfuse's daily metrics (traces, observations, cost) from GET /api/public/metrics/daily. */
export function langfuseDailyTable(): table.PanelBuilder {
  return new table.PanelBuilder()
    .title('Langfuse: daily traces and cost')
    .description(
      "Straight from Langfuse's public API (GET /api/public/metrics/daily), through the Infinity datasource " +
        'with the project keys from LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY. Cost here is what Langfuse ' +
        'computed from its own model prices; compare with the SDK cost above.',
    )
    .datasource(LANGFUSE)
    .span(18)
    .height(8)
    .withTarget(
      new InfinityQueryBuilder('/api/public/metrics/daily', 'data', [
        { selector: 'date', text: 'Day', type: 'timestamp' },
        { selector: 'countTraces', text: 'Traces', type: 'number' },
        { selector: 'countObservations', text: 'Observations', type: 'number' },
        { selector: 'totalCost', text: 'Cost (USD)', type: 'number' },
      ]).param('limit', '30'),
    );
}

/**
 * A filter of Langfuse's tables in its URL format (`column;type;key;operator;value`, filters
 * joined by `,`: Langfuse's `encodeFiltersGeneric`), already URL-encoded for a query parameter.
 * Values may hold Grafana variables; `${…}` is left as is for Grafana to interpolate.
 */
export function langfuseFilterParam(filters: readonly string[]): string {
  const encode = (text: string): string =>
    text
      .split(/(\$\{[^}]+\})/)
      .map((part) => (part.startsWith('${') ? part : encodeURIComponent(part)))
      .join('');
  return encode(filters.join(','));
}

/** Langfuse's time filter on a table: from the dashboard's start to its end, ISO 8601. */
const TIME_RANGE = [
  `timestamp;datetime;;>=;${variableRef('__from:date:iso')}`,
  `timestamp;datetime;;<=;${variableRef('__to:date:iso')}`,
];

/**
 * URL of Langfuse's traces table filtered by trace name (`any of`) and the dashboard's time range:
 * `${langfuse_url}/project/${langfuse_project}/traces?filter=name;stringOptions;;any of;<name>,…`.
 */
export function langfuseTracesUrl(traceName: string): string {
  const filter = langfuseFilterParam([`name;stringOptions;;any of;${traceName}`, ...TIME_RANGE]);
  return `${variableRef('langfuse_url')}/project/${variableRef('langfuse_project')}/traces?filter=${filter}`;
}

/** URL of Langfuse's observations table filtered by observation name and the dashboard's time range. */
export function langfuseObservationsUrl(observationName: string): string {
  const filter = langfuseFilterParam([`name;stringOptions;;any of;${observationName}`, ...TIME_RANGE]);
  return `${variableRef('langfuse_url')}/project/${variableRef('langfuse_project')}/observations?filter=${filter}`;
}

/** A data link (per series, in a new tab) to the `analysis <ticker>` traces of the clicked series. */
export function analysisTracesLink(): DashboardLinkBuilder {
  return new DashboardLinkBuilder(`Traces "analysis ${variableRef('__field.labels.ticker')}" in Langfuse`)
    .url(langfuseTracesUrl(`analysis ${variableRef('__field.labels.ticker')}`))
    .targetBlank(true);
}

/** A data link to the traces of the clicked workflow's series (a workflow run's trace is named after it). */
export function workflowTracesLink(): DashboardLinkBuilder {
  return new DashboardLinkBuilder(`Traces "${variableRef('__field.labels.workflow')}" in Langfuse`)
    .url(langfuseTracesUrl(variableRef('__field.labels.workflow')))
    .targetBlank(true);
}

/** A data link to the `invoke_agent <agent>` observations of the clicked agent's series. */
export function agentObservationsLink(): DashboardLinkBuilder {
  return new DashboardLinkBuilder(`Spans of ${variableRef('__field.labels.agent_name')} in Langfuse`)
    .url(langfuseObservationsUrl(`invoke_agent ${variableRef('__field.labels.agent_name')}`))
    .targetBlank(true);
}
