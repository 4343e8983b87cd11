/**
 * A query of the Infinity datasource (JSON API) against Langfuse's public API. The foundation SDK
 * ships no Infinity types, so this is a custom Dataquery variant, as its README shows for plugins.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';
import { LANGFUSE } from './datasources.js';

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
    .span(24)
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
