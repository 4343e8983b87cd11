import { get } from 'node:http';
import { parseOpenMetricsText, parsePrometheusText } from '@tradingagents/testkit';
import { type BenchOptions, type BenchReport, fmt, fmtRatio, type Target } from './report.js';
import { SCRAPE_VARIANTS as VARIANTS, type ScrapeVariant as Variant } from './scrape/protocol.js';
import { startVariant, type VariantProcess } from './scrape/spawn.js';
import { SERIES_SET } from './series.js';
import { median, ratio, rotate, round } from './stats.js';

// The variants: ours = the text format 0.0.4 of a store without exemplars, written in slices (what a
// scraper that does not ask for OpenMetrics gets); ours-openmetrics = OpenMetrics with exemplars, the
// same series recorded with sampled spans (what Prometheus gets); ours-openmetrics-plain = the same
// OpenMetrics scrape of a store recorded without spans; ours-unsliced = the text format in one block,
// the path before slicing. Each variant runs in processes of its own (scrape/variant-process.ts).

/** What Prometheus 2.42 sends. */
const OPENMETRICS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function getBody(url: string, accept?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, accept ? { headers: { accept } } : {}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    }).on('error', reject);
  });
}

export async function fetchText(url: string, accept?: string): Promise<string> {
  return (await getBody(url, accept)).toString('utf8');
}

const nowMs = () => performance.now();

/**
 * Scrape cost for the same large series set: our /metrics (collect + write, served by the core's
 * handler) in its variants vs prom-client `registry.metrics()`. Each variant lives in a process of
 * its own; rounds interleave them (rotated). Render and event-loop blocks are timed in the
 * variant's process, the HTTP scrape here (a scraper runs in its own process, as Prometheus does).
 */
export async function runScrape(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  // Processes per variant: a process's heap layout and JIT decisions move its timings by up to ~30%
  // against another process of the same variant, so each variant's rounds are spread over several.
  const sizes = options.quick
    ? { rounds: 8, warmupRounds: 2, processes: 1 }
    : { rounds: 50, warmupRounds: 3, processes: 10 };
  const accept: Record<Variant, string | undefined> = {
    ours: undefined,
    'ours-openmetrics': OPENMETRICS_ACCEPT,
    'ours-openmetrics-plain': OPENMETRICS_ACCEPT,
    'ours-unsliced': undefined,
    'prom-client': undefined,
  };
  const perVariant = <T>(make: () => T) =>
    Object.fromEntries(VARIANTS.map((v) => [v, make()])) as Record<Variant, T>;
  const renderMs = perVariant<number[]>(() => []);
  const httpMs = perVariant<number[]>(() => []);
  const blockedMs = perVariant<number[]>(() => []);
  const bodyBytes = perVariant<Buffer>(() => Buffer.alloc(0));
  const split = { collectMs: [] as number[], serializeMs: [] as number[] };
  const processes = perVariant<VariantProcess[]>(() => []);
  try {
    // One at a time: building a store is the heaviest part, and they should not compete.
    for (let k = 0; k < sizes.processes; k++) {
      for (const variant of VARIANTS) processes[variant].push(await startVariant(variant));
    }
    for (let r = 0; r < sizes.processes * (sizes.warmupRounds + sizes.rounds / sizes.processes); r++) {
      // Each process has its warm-up rounds first: rounds go process by process, in turns.
      const k = r % sizes.processes;
      const measured = Math.floor(r / sizes.processes) >= sizes.warmupRounds;
      for (const variant of rotate(VARIANTS, Math.floor(r / sizes.processes))) {
        const child = processes[variant][k] as VariantProcess;
        const rendered = await child.request('render');
        await child.request('probe-start');
        const t0 = nowMs();
        bodyBytes[variant] = await getBody(child.url, accept[variant]);
        const t1 = nowMs();
        const { blockedMs: blocked } = await child.request('probe-stop');
        if (measured) {
          renderMs[variant].push(rendered.renderMs as number);
          httpMs[variant].push(t1 - t0);
          blockedMs[variant].push(blocked as number);
          if (variant === 'ours-unsliced') {
            split.collectMs.push(rendered.collectMs as number);
            split.serializeMs.push(rendered.serializeMs as number);
          }
        }
      }
    }
  } finally {
    await Promise.all(Object.values(processes).flatMap((list) => list.map((p) => p.stop())));
  }

  const bodies = perVariant(() => '');
  for (const v of VARIANTS) bodies[v] = bodyBytes[v].toString('utf8');
  const stats = (v: Variant) => {
    const families =
      v === 'ours-openmetrics' || v === 'ours-openmetrics-plain'
        ? parseOpenMetricsText(bodies[v])
        : parsePrometheusText(bodies[v]);
    return {
      variant: v,
      renderMs: round(median(renderMs[v]), 3),
      httpScrapeMs: round(median(httpMs[v]), 3),
      longestBlockMs: round(median(blockedMs[v]), 3),
      worstBlockMs: round(Math.max(...blockedMs[v]), 3),
      bodyBytes: Buffer.byteLength(bodies[v]),
      families: families.length,
      samples: families.reduce((n, f) => n + f.samples.length, 0),
    };
  };
  const o = stats('ours');
  const x = stats('ours-openmetrics');
  const xp = stats('ours-openmetrics-plain');
  const u = stats('ours-unsliced');
  const p = stats('prom-client');
  const oursSplit = {
    collectMs: round(median(split.collectMs), 3),
    serializeMs: round(median(split.serializeMs), 3),
  };
  const renderRatio = ratio(o.renderMs, p.renderMs);
  const httpRatio = ratio(o.httpScrapeMs, p.httpScrapeMs);
  const met = renderRatio !== null && renderRatio <= 1 && httpRatio !== null && httpRatio <= 1;
  /** OpenMetrics with exemplars against OpenMetrics without (same series, same writer): the exemplars' cost. */
  const exemplarsHttpRatio = ratio(x.httpScrapeMs, xp.httpScrapeMs);
  const exemplarsRenderRatio = ratio(x.renderMs, xp.renderMs);
  /**
   * The same, paired: the ratio of the two variants' timings in each round (same round, same process
   * slot, a few ms apart), then the median of those. The host's speed drifts by tens of percent over a
   * run; within a round both variants see the same host.
   */
  const paired = (a: readonly number[], b: readonly number[]) =>
    round(median(a.map((v, i) => v / (b[i] as number))), 3);
  const exemplarsHttpPaired = paired(httpMs['ours-openmetrics'], httpMs['ours-openmetrics-plain']);
  const exemplarsRenderPaired = paired(renderMs['ours-openmetrics'], renderMs['ours-openmetrics-plain']);
  /** And against the text format (what a scraper that does not ask for OpenMetrics gets). */
  const exemplarsVsTextHttpRatio = ratio(x.httpScrapeMs, o.httpScrapeMs);
  /** The sliced scrape against the one-block scrape of before. */
  const slicedHttpRatio = ratio(o.httpScrapeMs, u.httpScrapeMs);
  // The scrape is what Prometheus waits for (the GET); the render, the part of it on the app's CPU, is
  // reported beside it.
  const exemplarsMet = exemplarsHttpPaired <= 1.1;
  const blockMet = o.longestBlockMs < 5 && x.longestBlockMs < 5;
  const slicedMet = slicedHttpRatio !== null && slicedHttpRatio <= 1.2;
  const targets: Target[] = [
    {
      id: 'scrape',
      goal: 'a scrape costs no more than prom-client for the same series',
      met,
      detail:
        `ours renders ${fmt(o.samples, 0)} samples in ${fmt(o.renderMs, 2)} ms (HTTP scrape ${fmt(o.httpScrapeMs, 2)} ms), prom-client ${fmt(p.samples, 0)} samples in ${fmt(p.renderMs, 2)} ms (${fmt(p.httpScrapeMs, 2)} ms): ` +
        `${fmtRatio(renderRatio)} render, ${fmtRatio(httpRatio)} HTTP; longest event-loop block per scrape ${fmt(o.longestBlockMs, 2)} ms vs ${fmt(p.longestBlockMs, 2)} ms (median; worst ${fmt(o.worstBlockMs, 1)} vs ${fmt(p.worstBlockMs, 1)} ms)` +
        (met
          ? '.'
          : `. Of the one-block render, collect() takes ${fmt(oursSplit.collectMs, 2)} ms and serialize ${fmt(oursSplit.serializeMs, 2)} ms.`),
    },
    {
      id: 'scrape-exemplars',
      goal: 'a scrape with exemplars costs at most 1.1× one without',
      met: exemplarsMet,
      detail:
        `OpenMetrics with exemplars (${fmt(x.samples, 0)} samples, ${fmt(x.bodyBytes / 1024, 0)} KiB) vs OpenMetrics without (${fmt(xp.samples, 0)} samples, ${fmt(xp.bodyBytes / 1024, 0)} KiB), same series: ` +
        `median of per-round ratios ${fmtRatio(exemplarsHttpPaired)} HTTP, ${fmtRatio(exemplarsRenderPaired)} render; ` +
        `medians HTTP scrape ${fmt(x.httpScrapeMs, 2)} vs ${fmt(xp.httpScrapeMs, 2)} ms (${fmtRatio(exemplarsHttpRatio)}), render ${fmt(x.renderMs, 2)} vs ${fmt(xp.renderMs, 2)} ms (${fmtRatio(exemplarsRenderRatio)}); ` +
        `against the text format (${fmt(o.bodyBytes / 1024, 0)} KiB), HTTP ${fmt(x.httpScrapeMs, 2)} vs ${fmt(o.httpScrapeMs, 2)} ms (${fmtRatio(exemplarsVsTextHttpRatio)})` +
        (exemplarsMet
          ? '.'
          : '. Over budget: the exemplar text (about 93 bytes on each of ~1,060 lines, 6% of the body) is the difference.'),
    },
    {
      id: 'scrape-block',
      goal: 'the longest event-loop block of a ~14,000-sample scrape stays under 5 ms',
      met: blockMet,
      detail:
        `longest setImmediate gap per scrape (median of rounds; worst): text ${fmt(o.longestBlockMs, 2)} ms (${fmt(o.worstBlockMs, 1)}), OpenMetrics ${fmt(x.longestBlockMs, 2)} ms (${fmt(x.worstBlockMs, 1)}); ` +
        `before slicing (one block) ${fmt(u.longestBlockMs, 2)} ms (${fmt(u.worstBlockMs, 1)})` +
        (blockMet
          ? '.'
          : '. Over budget: a single slice (one metric collected, or one data point written) or GC outlasts it.'),
    },
    {
      id: 'scrape-sliced-total',
      goal: 'the sliced scrape takes at most 1.2× the one-block scrape of before',
      met: slicedMet,
      detail: `HTTP scrape ${fmt(o.httpScrapeMs, 2)} ms sliced vs ${fmt(u.httpScrapeMs, 2)} ms in one block (${fmtRatio(slicedHttpRatio)}); render ${fmt(o.renderMs, 2)} vs ${fmt(u.renderMs, 2)} ms (${fmtRatio(ratio(o.renderMs, u.renderMs))}).`,
    },
  ];
  return {
    name: 'scrape',
    method:
      `Same series in both: ${SERIES_SET.tickers} tickers × 2 statuses (analyses counter + duration histogram), ${SERIES_SET.agents} agents × 2 statuses (+ duration histogram), ` +
      `${SERIES_SET.models} models with ${SERIES_SET.modelsPerAgent} per agent (requests, 4 token types, cost, GenAI duration/token histograms). ` +
      `${sizes.rounds} interleaved rounds (rotated) over ${sizes.processes} process(es) per variant, after ${sizes.warmupRounds} warm-up rounds per process: render = in-process time to produce the body's bytes (collect + write + UTF-8 encode / registry.metrics() + encode; per round the median of 5 back-to-back renders), ` +
      "HTTP = a loopback GET of /metrics from the bench's process (a scraper runs in its own process: its reading of the body is not the app's work); event-loop block = the longest gap between two turns of a setImmediate probe on the server's event loop during the HTTP scrape. " +
      "Each variant runs in a process of its own (its store, its server; render and blocks are timed there), so one variant's heap and garbage collections never land in another's timings. " +
      'Our variants, each on its own store holding the same series: ours = the text format 0.0.4 written in 2 ms slices that yield to the event loop (what scrapers get that do not ask for OpenMetrics); ' +
      'ours-openmetrics = OpenMetrics 1.0 with exemplars, the series recorded with a sampled span per record, asked for with the Accept header Prometheus sends; ' +
      'ours-openmetrics-plain = the same OpenMetrics scrape of a store recorded without spans (no exemplars); ' +
      'ours-unsliced = the text format collected, written and sent in one block (response.end(text)), the path before slicing.',
    tables: [
      {
        title: `Scrape cost (${fmt(o.samples, 0)} / ${fmt(p.samples, 0)} samples), median ms`,
        columns: [
          'variant',
          'render ms',
          'HTTP scrape ms',
          'loop block ms',
          'body KiB',
          'samples',
          'render / prom-client',
          'HTTP / prom-client',
        ],
        rows: [o, x, xp, u, p].map((s) => [
          s.variant,
          fmt(s.renderMs, 2),
          fmt(s.httpScrapeMs, 2),
          fmt(s.longestBlockMs, 2),
          fmt(s.bodyBytes / 1024, 0),
          fmt(s.samples, 0),
          fmtRatio(ratio(s.renderMs, p.renderMs)),
          fmtRatio(ratio(s.httpScrapeMs, p.httpScrapeMs)),
        ]),
      },
    ],
    targets,
    skipped: [],
    data: {
      sizes,
      /** BENCH_SCRAPE_AA=1: ours-openmetrics had no exemplars either (an A/A run, for the noise). */
      aa: process.env.BENCH_SCRAPE_AA === '1',
      seriesSet: SERIES_SET,
      ours: o,
      oursOpenMetrics: x,
      oursOpenMetricsPlain: xp,
      oursUnsliced: { ...u, ...oursSplit },
      promClient: p,
      renderRatio,
      httpRatio,
      exemplarsHttpRatio,
      exemplarsRenderRatio,
      exemplarsHttpPaired,
      exemplarsRenderPaired,
      slicedHttpRatio,
    },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
