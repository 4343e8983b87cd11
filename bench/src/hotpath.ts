import { generateEvents } from './events.js';
import { type BenchOptions, type BenchReport, fmt, fmtRatio, type Table, type Target } from './report.js';
import { CARDINALITY, createOursSink, createPromSink, createRawOtelSink, prepareRawOtel } from './sinks.js';
import { median, ratio, rotate, round } from './stats.js';

const METHODS = ['analysisEnded', 'agentEnded', 'llmCallEnded'] as const;
type Method = (typeof METHODS)[number];
/** Instrument operations each method makes (llmCallEnded: +1 for the 30% of calls with cached tokens). */
const OPS: Record<Method, number> = { analysisEnded: 4, agentEnded: 2, llmCallEnded: 7.3 };
const VARIANTS = ['ours', 'ours-exemplars', 'raw-otel', 'prom-client'] as const;
/**
 * Records of one method between two collects of our store: 2,000 analyses (or agent steps, or model
 * calls) per scrape, e.g. a busy app at ~130 analyses/s scraped every 15 s.
 */
const COLLECT_EVERY = 2_000;
type Variant = (typeof VARIANTS)[number];

/**
 * Hot-path recording in one process: ours vs raw OTel (pre-built attributes) vs prom-client, each
 * with its own provider/registry; rounds interleave the variants (rotated), same warm-up for all.
 */
export async function runHotpath(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const sizes = options.quick
    ? { events: 4096, batch: 20_000, rounds: 5, warmupRounds: 2 }
    : { events: 16_384, batch: 50_000, rounds: 21, warmupRounds: 5 };
  // 50 tickers: well under the 250 bound, so this is the steady state, not the overflow path.
  const events = generateEvents(sizes.events, 50);
  const ours = createOursSink();
  // The same recorder given a sampled span per record, as the runtime gives it: exemplars kept.
  const oursExemplars = createOursSink(CARDINALITY, { exemplars: true });
  const raw = createRawOtelSink();
  const prom = createPromSink();
  const prep = prepareRawOtel();
  const rawAttrs = {
    analysisEnded: events.analyses.map(prep.analysis),
    agentEnded: events.agents.map(prep.agent),
    llmCallEnded: events.llmCalls.map(prep.llm),
  };
  const mask = sizes.events - 1;
  // The same loop for every variant: one closure call per event, events cycled from the arrays.
  const loop =
    <E>(items: readonly E[], record: (event: E, index: number) => void) =>
    (n: number) => {
      for (let i = 0; i < n; i++) record(items[i & mask] as E, i & mask);
    };
  const loops: Record<Variant, Record<Method, (n: number) => void>> = {
    ours: {
      analysisEnded: loop(events.analyses, (e) => ours.analysisEnded(e)),
      agentEnded: loop(events.agents, (e) => ours.agentEnded(e)),
      llmCallEnded: loop(events.llmCalls, (e) => ours.llmCallEnded(e)),
    },
    'ours-exemplars': {
      analysisEnded: loop(events.analyses, (e) => oursExemplars.analysisEnded(e)),
      agentEnded: loop(events.agents, (e) => oursExemplars.agentEnded(e)),
      llmCallEnded: loop(events.llmCalls, (e) => oursExemplars.llmCallEnded(e)),
    },
    'raw-otel': {
      analysisEnded: loop(events.analyses, (e, i) => raw.analysisEnded(e, rawAttrs.analysisEnded[i] ?? [])),
      agentEnded: loop(events.agents, (e, i) => raw.agentEnded(e, rawAttrs.agentEnded[i] ?? [])),
      llmCallEnded: loop(events.llmCalls, (e, i) => raw.llmCallEnded(e, rawAttrs.llmCallEnded[i] ?? [])),
    },
    'prom-client': {
      analysisEnded: loop(events.analyses, (e) => prom.analysisEnded(e)),
      agentEnded: loop(events.agents, (e) => prom.agentEnded(e)),
      llmCallEnded: loop(events.llmCalls, (e) => prom.llmCallEnded(e)),
    },
  };

  // Our two variants are collected (as a scrape collects them) every COLLECT_EVERY records, outside
  // the timed part: a series or bucket takes one exemplar per collect, so a bench that never
  // collected would measure exemplars as nearly free.
  const collected: Partial<Record<Variant, () => Promise<unknown>>> = {
    ours: () => ours.exporter.collect(),
    'ours-exemplars': () => oursExemplars.exporter.collect(),
  };
  const timeBatch = async (variant: Variant, method: Method): Promise<number> => {
    const run = loops[variant][method];
    const collect = collected[variant];
    if (collect === undefined) {
      const t0 = process.hrtime.bigint();
      run(sizes.batch);
      return Number(process.hrtime.bigint() - t0);
    }
    let ns = 0;
    for (let done = 0; done < sizes.batch; done += COLLECT_EVERY) {
      const t0 = process.hrtime.bigint();
      run(Math.min(COLLECT_EVERY, sizes.batch - done));
      ns += Number(process.hrtime.bigint() - t0);
      await collect();
    }
    return ns;
  };

  const samples = new Map<string, number[]>();
  const key = (v: Variant, m: Method) => `${v}:${m}`;
  for (let r = 0; r < sizes.warmupRounds + sizes.rounds; r++) {
    const measured = r >= sizes.warmupRounds;
    for (const method of rotate(METHODS, r)) {
      for (const variant of rotate(VARIANTS, r)) {
        const ns = (await timeBatch(variant, method)) / sizes.batch;
        if (measured) {
          const list = samples.get(key(variant, method)) ?? [];
          list.push(ns);
          samples.set(key(variant, method), list);
        }
      }
    }
    // Let collection-time garbage go between rounds, not inside a timed batch.
    global.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }

  const nsPerCall = (v: Variant, m: Method) => median(samples.get(key(v, m)) ?? []);
  const perMethod = METHODS.map((method) => {
    const o = nsPerCall('ours', method);
    const x = nsPerCall('ours-exemplars', method);
    const r = nsPerCall('raw-otel', method);
    const p = nsPerCall('prom-client', method);
    return {
      method,
      instrumentOps: OPS[method],
      oursNs: round(o, 1),
      oursExemplarsNs: round(x, 1),
      exemplarsVsOurs: ratio(x, o),
      rawOtelNs: round(r, 1),
      promClientNs: round(p, 1),
      oursNsPerOp: round(o / OPS[method], 1),
      rawOtelNsPerOp: round(r / OPS[method], 1),
      promClientNsPerOp: round(p / OPS[method], 1),
      oursVsRawOtel: ratio(o, r),
      oursVsPromClient: ratio(o, p),
    };
  });
  // One analysis' worth of events: 1 analysis, 3 agent steps, 3 LLM calls (the overhead workload's shape).
  const mix = (v: Variant) =>
    nsPerCall(v, 'analysisEnded') + 3 * nsPerCall(v, 'agentEnded') + 3 * nsPerCall(v, 'llmCallEnded');
  const mixRow = {
    oursNs: round(mix('ours'), 1),
    oursExemplarsNs: round(mix('ours-exemplars'), 1),
    exemplarsVsOurs: ratio(mix('ours-exemplars'), mix('ours')),
    rawOtelNs: round(mix('raw-otel'), 1),
    promClientNs: round(mix('prom-client'), 1),
    oursVsRawOtel: ratio(mix('ours'), mix('raw-otel')),
    oursVsPromClient: ratio(mix('ours'), mix('prom-client')),
  };
  const table: Table = {
    title: 'Hot-path recording, ns per call (median of rounds)',
    columns: [
      'method',
      'instrument ops',
      'ours',
      'ours + exemplars',
      'raw OTel',
      'prom-client',
      'exemplars/ours',
      'ours/raw OTel',
      'ours/prom-client',
    ],
    rows: [
      ...perMethod.map((m) => [
        m.method,
        fmt(m.instrumentOps, 1),
        fmt(m.oursNs, 0),
        fmt(m.oursExemplarsNs, 0),
        fmt(m.rawOtelNs, 0),
        fmt(m.promClientNs, 0),
        fmtRatio(m.exemplarsVsOurs),
        fmtRatio(m.oursVsRawOtel),
        fmtRatio(m.oursVsPromClient),
      ]),
      [
        'one analysis (1 + 3 agents + 3 LLM calls)',
        fmt(OPS.analysisEnded + 3 * OPS.agentEnded + 3 * OPS.llmCallEnded, 1),
        fmt(mixRow.oursNs, 0),
        fmt(mixRow.oursExemplarsNs, 0),
        fmt(mixRow.rawOtelNs, 0),
        fmt(mixRow.promClientNs, 0),
        fmtRatio(mixRow.exemplarsVsOurs),
        fmtRatio(mixRow.oursVsRawOtel),
        fmtRatio(mixRow.oursVsPromClient),
      ],
    ],
  };
  const met = mixRow.oursVsPromClient !== null && mixRow.oursVsPromClient <= 1;
  const foldCost = mix('ours') - mix('raw-otel');
  const exemplarsMet = mixRow.exemplarsVsOurs !== null && mixRow.exemplarsVsOurs <= 1.1;
  const targets: Target[] = [
    {
      id: 'hotpath-exemplars',
      goal: 'recording with exemplars costs at most 1.1× recording without',
      met: exemplarsMet,
      detail:
        `one analysis' worth of events with a sampled span per record (exemplars kept on every duration bucket and counter that takes one): ` +
        `${fmt(mixRow.oursExemplarsNs, 0)} ns vs ${fmt(mixRow.oursNs, 0)} ns without spans (${fmtRatio(mixRow.exemplarsVsOurs)}); per method ` +
        perMethod.map((m) => `${m.method} ${fmtRatio(m.exemplarsVsOurs)}`).join(', ') +
        (exemplarsMet ? '.' : '. Over budget: see the per-method ratios for where the exemplar writes cost.'),
    },
    {
      id: 'hotpath',
      goal: 'recording costs no more than prom-client',
      met,
      detail:
        `one analysis' worth of events: ours ${fmt(mixRow.oursNs, 0)} ns, prom-client ${fmt(mixRow.promClientNs, 0)} ns (${fmtRatio(mixRow.oursVsPromClient)}), ` +
        `raw OTel SDK instruments with pre-built attributes ${fmt(mixRow.rawOtelNs, 0)} ns (${fmtRatio(ratio(mix('ours'), mix('raw-otel')))} of it: we record into our own bounded series store, read by the OTel readers as a MetricProducer, instead of the SDK's instruments)` +
        (met
          ? '.'
          : `. Ours is ${fmtRatio(mixRow.oursVsPromClient)} prom-client: the OTel SDK itself (raw OTel = ${fmtRatio(ratio(mix('raw-otel'), mix('prom-client')))} prom-client) hashes the attribute object on every record (AttributeHashMap: Object.keys + sort + JSON.stringify) to find the series, and takes Date.now(), where prom-client hashes the label values it is given. ` +
            `Our own share (${fmt(foldCost, 0)} ns per analysis) is LabelBound.fold plus AttributeCache.get, whose rest parameter allocates an array per lookup (7–8 per LLM call). ` +
            'Closing it needs the SDK out of the per-record path: we already hold one frozen attribute object per label set, so we could accumulate into our own per-series cells (no hashing) and hand them to the readers through a MetricProducer (MetricReader option metricProducers in sdk-metrics 2.x), or get a bound-instrument API upstream.'),
    },
  ];
  return {
    name: 'hotpath',
    method:
      `One process; events pre-generated (50 tickers, 8 agents, 4 models, ~5% errors, 30% of LLM calls with cached tokens). ` +
      `Each round times a batch of ${sizes.batch.toLocaleString('en-US')} calls per method per variant, variants and methods rotated each round; ` +
      `${sizes.warmupRounds} warm-up rounds, then median of ${sizes.rounds} rounds. OTel variants: a dedicated MeterProvider with a PrometheusExporter reader (no server). ` +
      `Ours = MetricsRecorder (label folding + our series store, collected by the OTel readers as a MetricProducer); ours + exemplars = the same recorder given a sampled, ended SDK span with every record (256 cycled), as the runtime gives it each scope's span, so it keeps exemplars; both ours collected (as a scrape does) every ${COLLECT_EVERY.toLocaleString('en-US')} records outside the timed part, since a series or bucket takes one exemplar per collect; raw OTel = the same events through OTel SDK instruments with attribute objects built beforehand; prom-client = labels(...).inc()/observe().`,
    tables: [table],
    targets,
    skipped: [],
    data: { sizes, perMethod, oneAnalysis: mixRow },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
