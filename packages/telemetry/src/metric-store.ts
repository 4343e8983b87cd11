import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  type DataPoint,
  DataPointType,
  type Histogram,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { METRICS, type MetricDefinition, type MetricKey } from './catalogue.js';
import {
  type ExemplarFields,
  ExemplarSlot,
  type ExemplarSpan,
  fillExemplar,
  sampledContext,
} from './exemplars.js';
import { TimeSlicer } from './time-slicer.js';
import { VERSION } from './version.js';

/**
 * A counter, up-down counter or gauge series: one number, and the exemplar of a counter.
 *
 * Exemplars: a series (or bucket) keeps the first exemplar recorded into it after each collect,
 * and later records leave it alone until the next collect. Each scrape thus gets an exemplar from
 * its own interval wherever one was recorded, always newer than the one before, while a record
 * pays for an exemplar once per series and interval, not every time: the rest check one flag of
 * the cell they are recording into anyway, and do not read the span.
 */
export class ValueCell {
  value = 0;
  exemplar: ExemplarSlot | undefined = undefined;
  /** Whether {@link exemplar} was recorded since the last collect. */
  exemplarTaken = false;
  constructor(
    readonly attributes: Attributes,
    readonly startTime: HrTime,
  ) {}

  /** Adds `amount`; `span` (of an operation of `seconds`) gives the exemplar if none was taken yet. */
  addWithExemplar(amount: number, span: ExemplarSpan | undefined, seconds: number): void {
    this.value += amount;
    if (span !== undefined && !this.exemplarTaken) this.takeExemplar(span, amount, seconds);
  }

  // Rare path out of line: the hot methods stay small enough to be inlined.
  private takeExemplar(span: ExemplarSpan, amount: number, seconds: number): void {
    const context = sampledContext(span);
    if (context === undefined) return;
    this.exemplar ??= new ExemplarSlot();
    fillExemplar(this.exemplar, context, span, amount, seconds);
    this.exemplarTaken = true;
  }
}

/** An explicit-bucket histogram series, with the same semantics as the OTel SDK's aggregation. */
export class HistogramCell {
  readonly counts: number[];
  sum = 0;
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** The exemplar per bucket, by bucket index; created with the first exemplar. */
  exemplars: (ExemplarSlot | undefined)[] | undefined = undefined;
  /**
   * Buckets whose exemplar was recorded since the last collect, one bit each (bucket `i`: bit `i`).
   * Buckets from the 32nd on have no bit: they take every exemplar (see {@link ValueCell}).
   */
  takenBuckets = 0;

  constructor(
    readonly attributes: Attributes,
    readonly startTime: HrTime,
    private readonly boundaries: readonly number[],
  ) {
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  /**
   * Bucket `i` holds values `<= boundaries[i]`; the last one holds the rest. Values must be finite.
   * Returns the bucket index.
   */
  record(value: number): number {
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && value > (b[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    return i;
  }

  /**
   * Records `value`; `span` (of an operation of `seconds`) gives the exemplar of the bucket it falls
   * in if that bucket has taken none since the last collect.
   */
  recordWithExemplar(value: number, span: ExemplarSpan | undefined, seconds: number): void {
    const i = this.record(value);
    if (span === undefined) return;
    const bit = i < 31 ? 1 << i : 0;
    if ((this.takenBuckets & bit) === 0) this.takeExemplar(i, bit, span, value, seconds);
  }

  // Rare path out of line: the hot methods stay small enough to be inlined.
  private takeExemplar(i: number, bit: number, span: ExemplarSpan, value: number, seconds: number): void {
    const context = sampledContext(span);
    if (context === undefined) return;
    this.exemplars ??= new Array<ExemplarSlot | undefined>(this.counts.length).fill(undefined);
    let slot = this.exemplars[i];
    if (slot === undefined) {
      slot = new ExemplarSlot();
      this.exemplars[i] = slot;
    }
    fillExemplar(slot, context, span, value, seconds);
    this.takenBuckets |= bit;
  }
}

type Cell = ValueCell | HistogramCell;
type Node<C> = Map<string, Node<C> | C>;

/**
 * All series of one catalogue metric. Cells are found through nested maps keyed by the (already
 * bounded) label values, so recording builds no key string, hashes nothing and allocates nothing
 * once a series exists. Fixed-arity lookups avoid a rest-parameter array per record.
 */
export class MetricSeries<C extends Cell> {
  readonly cells: C[] = [];
  private readonly root: Node<C> = new Map();
  private single: C | undefined;

  constructor(
    readonly definition: MetricDefinition,
    private readonly create: (attributes: Attributes) => C,
  ) {}

  get0(): C {
    this.single ??= this.add([]);
    return this.single;
  }

  get1(a: string): C {
    return (this.root.get(a) as C | undefined) ?? this.leaf(this.root, a, [a]);
  }

  get2(a: string, b: string): C {
    const n1 = this.branch(this.root, a);
    return (n1.get(b) as C | undefined) ?? this.leaf(n1, b, [a, b]);
  }

  get3(a: string, b: string, c: string): C {
    const n2 = this.branch(this.branch(this.root, a), b);
    return (n2.get(c) as C | undefined) ?? this.leaf(n2, c, [a, b, c]);
  }

  get5(a: string, b: string, c: string, d: string, e: string): C {
    const n4 = this.branch(this.branch(this.branch(this.branch(this.root, a), b), c), d);
    return (n4.get(e) as C | undefined) ?? this.leaf(n4, e, [a, b, c, d, e]);
  }

  private branch(node: Node<C>, key: string): Node<C> {
    let next = node.get(key) as Node<C> | undefined;
    if (next === undefined) {
      next = new Map();
      node.set(key, next);
    }
    return next;
  }

  private leaf(node: Node<C>, key: string, values: string[]): C {
    const cell = this.add(values);
    node.set(key, cell);
    return cell;
  }

  private add(values: string[]): C {
    const attributes: Attributes = {};
    const keys = this.definition.attributeKeys;
    for (let i = 0; i < keys.length; i++) attributes[keys[i] as string] = values[i];
    const cell = this.create(Object.freeze(attributes));
    this.cells.push(cell);
    return cell;
  }
}

/**
 * Holds every catalogue metric and hands them to the OTel metric readers as a `MetricProducer`
 * (the readers' `metricProducers` option): the Prometheus exporter and the OTLP reader export them
 * beside the SDK's own instruments, with cumulative temporality.
 *
 * Why not the SDK's instruments: they hash the attribute object on every record (sorted keys and a
 * JSON string), which made recording twice as costly as prom-client. Label values here are bounded
 * before they reach a series, so the nested-map lookup is all a record costs.
 */
export class MetricStore implements MetricProducer {
  /** One series set per catalogue metric: `HistogramCell`s for histograms, `ValueCell`s otherwise. */
  readonly series: Readonly<Record<MetricKey, MetricSeries<Cell>>>;
  private readonly scope = { name: '@tradingagents/telemetry', version: VERSION };

  /**
   * @param now the clock of series start and collection times.
   * @param options.sliceBudgetMs how long {@link collect} runs before it yields to the event loop
   *   (`Infinity`: in one block). @default 2
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly options: { readonly sliceBudgetMs?: number } = {},
  ) {
    const series: Record<string, MetricSeries<Cell>> = {};
    for (const [key, def] of Object.entries(METRICS) as [MetricKey, MetricDefinition][]) {
      series[key] =
        def.kind === 'histogram'
          ? new MetricSeries<HistogramCell>(
              def,
              (attributes) => new HistogramCell(attributes, this.time(), def.buckets ?? []),
            )
          : new MetricSeries<ValueCell>(def, (attributes) => new ValueCell(attributes, this.time()));
    }
    this.series = Object.freeze(series as Record<MetricKey, MetricSeries<Cell>>);
  }

  /**
   * The metric data of every series. Data points carry their exemplars ({@link ExemplarFields}),
   * which readers pass through and our exposition writer reads. Built a metric at a time, yielding
   * to the event loop when a slice's time budget is spent, so a large store never blocks the app
   * for the whole collection.
   */
  async collect(): Promise<CollectionResult> {
    const endTime = this.time();
    const metrics: MetricData[] = [];
    const slicer = new TimeSlicer(this.options.sliceBudgetMs);
    // Catalogue order, so the exposition reads in the documented order.
    for (const key of Object.keys(METRICS) as MetricKey[]) {
      if (slicer.due()) await slicer.pause();
      const data = await toMetricData(this.series[key], endTime, slicer);
      if (data) metrics.push(data);
    }
    return {
      // Readers ignore a producer's resource and use the SDK's.
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: this.scope, metrics }] },
      errors: [],
    };
  }

  private time(): HrTime {
    return millisToHrTime(this.now());
  }
}

/** Cells mapped between two checks of the slicer's clock (a few µs of work). */
const CELLS_PER_CHECK = 64;

/**
 * `cells.map(toPoint)`, yielding when the slice's budget is spent: a metric with thousands of
 * series is not built in one block.
 */
async function mapSliced<C, P>(
  cells: readonly C[],
  toPoint: (cell: C) => P,
  slicer: TimeSlicer,
): Promise<P[]> {
  const points = new Array<P>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    points[i] = toPoint(cells[i] as C);
    if (i % CELLS_PER_CHECK === CELLS_PER_CHECK - 1 && slicer.due()) await slicer.pause();
  }
  return points;
}

async function toMetricData(
  series: MetricSeries<Cell>,
  endTime: HrTime,
  slicer: TimeSlicer,
): Promise<MetricData | undefined> {
  const def = series.definition;
  if (series.cells.length === 0) return undefined;
  const descriptor = {
    name: def.name,
    description: def.description,
    unit: def.unit,
    valueType: ValueType.DOUBLE,
  };
  const aggregationTemporality = AggregationTemporality.CUMULATIVE;
  if (def.kind === 'histogram') {
    const boundaries = [...(def.buckets ?? [])];
    return {
      descriptor,
      aggregationTemporality,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: await mapSliced(
        series.cells as HistogramCell[],
        (cell) => {
          cell.takenBuckets = 0;
          // One shape for every point, with or without exemplars (no field added afterwards).
          const point: DataPoint<Histogram> & ExemplarFields = {
            attributes: cell.attributes,
            startTime: cell.startTime,
            endTime,
            value: {
              buckets: { boundaries, counts: [...cell.counts] },
              sum: cell.sum,
              count: cell.count,
              ...(cell.count > 0 ? { min: cell.min, max: cell.max } : {}),
            },
            bucketExemplars: cell.exemplars,
          };
          return point;
        },
        slicer,
      ),
    };
  }
  const dataPoints = await mapSliced(
    series.cells as ValueCell[],
    (cell) => {
      cell.exemplarTaken = false;
      const point: DataPoint<number> & ExemplarFields = {
        attributes: cell.attributes,
        startTime: cell.startTime,
        endTime,
        value: cell.value,
        exemplar: cell.exemplar,
      };
      return point;
    },
    slicer,
  );
  if (def.kind === 'gauge') {
    return { descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints };
  }
  return {
    descriptor,
    aggregationTemporality,
    dataPointType: DataPointType.SUM,
    isMonotonic: def.kind === 'counter',
    dataPoints,
  };
}
