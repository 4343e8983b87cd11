import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { parseOpenMetricsText, parsePrometheusText } from '@tradingagents/testkit';
import { createMetricsHandler, OpenMetricsSerializer, PrometheusTextSerializer } from './core.js';
import { type BenchOptions, type BenchReport, fmt, fmtRatio, type Target } from './report.js';
import { populateSeries, SERIES_SET } from './series.js';
import { createOursSink, createPromSink } from './sinks.js';
import { median, ratio, rotate, round } from './stats.js';

/**
 * ours: the text format 0.0.4 of a store without exemplars, written in slices (what a scraper that
 * does not ask for OpenMetrics gets); ours-openmetrics: OpenMetrics with exemplars, the same series
 * recorded with sampled spans (what Prometheus gets); ours-unsliced: the text format in one block,
 * the path before slicing (store collect and writer with an infinite slice budget).
 */
const VARIANTS = [
  'ours',
  'ours-openmetrics',
  'ours-openmetrics-plain',
  'ours-unsliced',
  'prom-client',
] as const;
type Variant = (typeof VARIANTS)[number];
const OURS_VARIANTS = ['ours', 'ours-openmetrics', 'ours-openmetrics-plain', 'ours-unsliced'] as const;
/** What Prometheus 2.42 sends. */
const OPENMETRICS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`),
    ),
  );
}

export function fetchText(url: string, accept?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, accept ? { headers: { accept } } : {}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const nowMs = () => performance.now();

/**
 * A scraper in a worker thread (scrape-client.mjs): the GET and the reading of the body run off the
 * event loop under test, as Prometheus's do in its own process. Bodies come back as transferred
 * bytes and are decoded only when asked for, after the timed rounds.
 */
function workerScraper() {
  const worker = new Worker(new URL('./scrape-client.mjs', import.meta.url), { execArgv: [] });
  const waiting = new Map<number, { resolve: (body: ArrayBuffer) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  worker.on('message', ({ id, body, error }: { id: number; body?: ArrayBuffer; error?: string }) => {
    const entry = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined || body === undefined) entry?.reject(new Error(error ?? 'no body'));
    else entry?.resolve(body);
  });
  return {
    fetch(url: string, accept?: string): Promise<ArrayBuffer> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, url, accept });
      });
    },
    close: () => worker.terminate(),
  };
}

/**
 * Measures the longest time the event loop was blocked while it runs: a setImmediate chain records
 * the largest gap between two consecutive turns (finer than monitorEventLoopDelay's 1 ms timer).
 */
function blockProbe(): { stop(): number } {
  let running = true;
  let last = nowMs();
  let maxGap = 0;
  const tick = () => {
    const t = nowMs();
    if (t - last > maxGap) maxGap = t - last;
    last = t;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      return Math.max(maxGap, nowMs() - last);
    },
  };
}

/**
 * The core's /metrics handler as it was before slicing: collect, then write and send the text in
 * one block (`response.end(text)` encodes it). With a store whose collect() never yields, this is
 * the path the issue measured.
 */
function oneBlockHandler(exporter: PrometheusExporter, serializer: PrometheusTextSerializer) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    exporter.collect().then(
      ({ resourceMetrics }) => {
        const text = serializer.serialize(resourceMetrics);
        res.statusCode = 200;
        res.setHeader('content-type', serializer.contentType);
        res.end(text);
      },
      () => {
        res.statusCode = 500;
        res.end();
      },
    );
  };
}

/**
 * Scrape cost for the same large series set: our Prometheus path (PrometheusExporter collect +
 * serialize, served by the core's handler) vs prom-client `registry.metrics()`, interleaved rounds.
 */
export async function runScrape(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const sizes = options.quick ? { rounds: 8, warmupRounds: 2 } : { rounds: 40, warmupRounds: 5 };
  const cardinality = { maxTickers: 250, maxModels: 50, maxAgents: 100, maxTools: 100 };
  const sinks = {
    ours: createOursSink(cardinality),
    'ours-openmetrics': createOursSink(cardinality, { exemplars: true }),
    'ours-openmetrics-plain': createOursSink(cardinality),
    'ours-unsliced': createOursSink(cardinality, { sliceBudgetMs: Number.POSITIVE_INFINITY }),
  };
  const prom = createPromSink();
  for (const sink of Object.values(sinks)) populateSeries(sink);
  populateSeries(prom);
  // What the core's /metrics handler writes with.
  const writers = {
    ours: new PrometheusTextSerializer(),
    'ours-openmetrics': new OpenMetricsSerializer(),
    'ours-openmetrics-plain': new OpenMetricsSerializer(),
    'ours-unsliced': new PrometheusTextSerializer(),
  };
  const split = { collectMs: [] as number[], serializeMs: [] as number[] };
  // Render = the bytes of the body, in process: collect, write and encode (res.end encodes a string).
  const renderOurs = (variant: (typeof OURS_VARIANTS)[number]) => async () => {
    const t0 = nowMs();
    const { resourceMetrics } = await sinks[variant].exporter.collect();
    const t1 = nowMs();
    const body =
      variant === 'ours-unsliced'
        ? [Buffer.from(writers[variant].serialize(resourceMetrics))]
        : await writers[variant].encodeSliced(resourceMetrics);
    if (variant === 'ours-unsliced') {
      split.collectMs.push(t1 - t0);
      split.serializeMs.push(nowMs() - t1);
    }
    return body;
  };
  const render: Record<Variant, () => Promise<Buffer[]>> = {
    ours: renderOurs('ours'),
    'ours-openmetrics': renderOurs('ours-openmetrics'),
    'ours-openmetrics-plain': renderOurs('ours-openmetrics-plain'),
    'ours-unsliced': renderOurs('ours-unsliced'),
    'prom-client': async () => [Buffer.from(await prom.registry.metrics())],
  };
  const handlers = {
    ours: createMetricsHandler(sinks.ours.exporter),
    'ours-openmetrics': createMetricsHandler(sinks['ours-openmetrics'].exporter),
    'ours-openmetrics-plain': createMetricsHandler(sinks['ours-openmetrics-plain'].exporter),
    'ours-unsliced': oneBlockHandler(sinks['ours-unsliced'].exporter, writers['ours-unsliced']),
  };
  const accept: Record<Variant, string | undefined> = {
    ours: undefined,
    'ours-openmetrics': OPENMETRICS_ACCEPT,
    'ours-openmetrics-plain': OPENMETRICS_ACCEPT,
    'ours-unsliced': undefined,
    'prom-client': undefined,
  };
  const servers: Record<Variant, Server> = {
    ours: createServer((req, res) => handlers.ours(req, res)),
    'ours-openmetrics': createServer((req, res) => handlers['ours-openmetrics'](req, res)),
    'ours-openmetrics-plain': createServer((req, res) => handlers['ours-openmetrics-plain'](req, res)),
    'ours-unsliced': createServer((req, res) => handlers['ours-unsliced'](req, res)),
    'prom-client': createServer((_req, res) => {
      prom.registry.metrics().then(
        (text) => {
          res.setHeader('content-type', prom.registry.contentType);
          res.end(text);
        },
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    }),
  };
  const urls = {} as Record<Variant, string>;
  for (const variant of VARIANTS) urls[variant] = await listen(servers[variant]);
  const perVariant = <T>(make: () => T) =>
    Object.fromEntries(VARIANTS.map((v) => [v, make()])) as Record<Variant, T>;
  const renderMs = perVariant<number[]>(() => []);
  const httpMs = perVariant<number[]>(() => []);
  const blockedMs = perVariant<number[]>(() => []);
  const bodyBytes = perVariant(() => new ArrayBuffer(0));
  const scraper = workerScraper();
  try {
    for (let r = 0; r < sizes.warmupRounds + sizes.rounds; r++) {
      const measured = r >= sizes.warmupRounds;
      for (const variant of rotate(VARIANTS, r)) {
        const t0 = nowMs();
        const text = await render[variant]();
        const t1 = nowMs();
        const probe = blockProbe();
        const t2 = nowMs();
        bodyBytes[variant] = await scraper.fetch(urls[variant], accept[variant]);
        const t3 = nowMs();
        const blocked = probe.stop();
        if (measured) {
          renderMs[variant].push(t1 - t0);
          httpMs[variant].push(t3 - t2);
          blockedMs[variant].push(blocked);
        }
        await new Promise((resolve) => setImmediate(resolve));
        if (text.reduce((n, part) => n + part.length, 0) === 0)
          throw new Error(`${variant} rendered nothing`);
      }
    }
  } finally {
    await scraper.close();
    await Promise.all(Object.values(servers).map((s) => new Promise((resolve) => s.close(resolve))));
  }

  const bodies = perVariant(() => '');
  for (const v of VARIANTS) bodies[v] = Buffer.from(bodyBytes[v]).toString('utf8');
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
  /** And against the text format (what a scraper that does not ask for OpenMetrics gets). */
  const exemplarsVsTextHttpRatio = ratio(x.httpScrapeMs, o.httpScrapeMs);
  /** The sliced scrape against the one-block scrape of before. */
  const slicedHttpRatio = ratio(o.httpScrapeMs, u.httpScrapeMs);
  const exemplarsMet = exemplarsHttpRatio !== null && exemplarsHttpRatio <= 1.1;
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
        `HTTP scrape ${fmt(x.httpScrapeMs, 2)} vs ${fmt(xp.httpScrapeMs, 2)} ms (${fmtRatio(exemplarsHttpRatio)}), render ${fmt(x.renderMs, 2)} vs ${fmt(xp.renderMs, 2)} ms (${fmtRatio(exemplarsRenderRatio)}); ` +
        `against the text format (${fmt(o.bodyBytes / 1024, 0)} KiB), HTTP ${fmt(x.httpScrapeMs, 2)} vs ${fmt(o.httpScrapeMs, 2)} ms (${fmtRatio(exemplarsVsTextHttpRatio)})` +
        (exemplarsMet
          ? '.'
          : '. Over budget: the exemplar text (about 90 bytes per bucket that has one) is the difference.'),
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
      `${sizes.rounds} interleaved rounds (rotated) after ${sizes.warmupRounds} warm-up: render = in-process time to produce the body's bytes (collect + write + UTF-8 encode / registry.metrics() + encode), ` +
      "HTTP = a loopback GET of /metrics, the server in this process, the client in a worker thread (a scraper runs in its own process: its reading of the body is not the app's work); event-loop block = the longest gap between two turns of a setImmediate probe on the server's event loop during the HTTP scrape. " +
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
      seriesSet: SERIES_SET,
      ours: o,
      oursOpenMetrics: x,
      oursUnsliced: { ...u, ...oursSplit },
      promClient: p,
      renderRatio,
      httpRatio,
      exemplarsHttpRatio,
      exemplarsRenderRatio,
      slicedHttpRatio,
    },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
