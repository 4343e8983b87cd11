/** Panel builders with the defaults our dashboards share. */
import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphDrawStyle,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  StackingMode,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardLinkBuilder,
  type DashboardLinkBuilder as LinkBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS, variableRef } from './datasources.js';

/** One PromQL query of a panel. */
export interface Query {
  readonly expr: string;
  /** Series name, e.g. `{{agent_name}}`. */
  readonly legend?: string;
  /** Minimum step, e.g. `1d` for per-day bars over `increase(…[1d])`. */
  readonly interval?: string;
  /**
   * Shows the exemplars of the series the query reads (trace ids the SDK attaches to its duration
   * buckets and cost counters): one click from a point to its Langfuse trace, through the
   * datasource's `exemplarTraceIdDestinations`. One query per panel is enough (they share them).
   */
  readonly exemplar?: boolean;
}

export interface PanelOptions {
  readonly title: string;
  readonly description: string;
  readonly queries: readonly Query[];
  /** Grafana unit id: `s`, `percentunit`, `currencyUSD`, `ops`, `bytes`, `Bps`, `short`. */
  readonly unit?: string;
  /** Width in grid columns (of 24). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  readonly min?: number;
  readonly max?: number;
  readonly links?: readonly LinkBuilder[];
  /** Links on each series (Grafana data links: `${__field.labels.x}`, `${__from}`…). */
  readonly dataLinks?: readonly LinkBuilder[];
}

function targets(queries: readonly Query[]): DataqueryBuilder[] {
  return queries.map((query, index) => {
    const target = new DataqueryBuilder()
      .datasource(PROMETHEUS)
      .refId(String.fromCharCode(65 + index))
      .expr(query.expr)
      .legendFormat(query.legend ?? '__auto');
    if (query.interval !== undefined) target.interval(query.interval);
    if (query.exemplar) target.exemplar(true);
    return target;
  });
}

type Common = timeseries.PanelBuilder | stat.PanelBuilder | piechart.PanelBuilder;

function common<P extends Common>(panel: P, options: PanelOptions, height: number): P {
  panel
    .title(options.title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .span(options.width ?? 12)
    .height(options.height ?? height);
  for (const target of targets(options.queries)) panel.withTarget(target);
  if (options.unit !== undefined) panel.unit(options.unit);
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  if (options.links !== undefined) panel.links([...options.links]);
  if (options.dataLinks !== undefined) panel.dataLinks([...options.dataLinks]);
  return panel;
}

/** A time series graph; `bars` draws per-interval bars (for `increase(…[1d])` per day). */
export function graph(
  options: PanelOptions & { stacked?: boolean; bars?: boolean; legendCalcs?: string[] },
): timeseries.PanelBuilder {
  const panel = common(new timeseries.PanelBuilder(), options, 8)
    .fillOpacity(options.stacked || options.bars ? 60 : 10)
    .legend(
      new VizLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .showLegend(true)
        .calcs(options.legendCalcs ?? ['mean', 'lastNotNull']),
    );
  if (options.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (options.bars) panel.drawStyle(GraphDrawStyle.Bars);
  return panel;
}

/** A single value; `thresholds` colour it from green up, e.g. `[[0.05, 'orange'], [0.1, 'red']]`. */
export function singleStat(
  options: PanelOptions & {
    thresholds?: readonly (readonly [number, string])[];
    /** Colour below the first threshold. @default 'green' */
    baseColor?: string;
    decimals?: number;
  },
): stat.PanelBuilder {
  const panel = common(new stat.PanelBuilder(), { ...options, width: options.width ?? 6 }, 4)
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (options.decimals !== undefined) panel.decimals(options.decimals);
  panel.thresholds(
    new ThresholdsConfigBuilder()
      .mode(ThresholdsMode.Absolute)
      .steps([
        { value: null, color: options.baseColor ?? 'green' },
        ...(options.thresholds ?? []).map(([value, color]) => ({ value, color })),
      ]),
  );
  return panel;
}

/** A pie chart of the last value of each series (e.g. the decision mix over the range). */
export function pie(options: PanelOptions): piechart.PanelBuilder {
  return common(new piechart.PanelBuilder(), options, 8)
    .pieType(piechart.PieChartType.Donut)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** A link from a panel to Langfuse, opened in a new tab. */
export function langfuseLink(title: string, path = ''): LinkBuilder {
  return new DashboardLinkBuilder(title).url(`${variableRef('langfuse_url')}${path}`).targetBlank(true);
}
