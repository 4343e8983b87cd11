import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePrometheusText } from '@tradingagents/testkit';
import { createMetricsHandler, PrometheusTextSerializer } from './core.js';
import { type BenchOptions, type BenchReport, fmt, fmtRatio, type Target } from './report.js';
import { populateSeries, SERIES_SET } from './series.js';
import { createOursSink, createPromSink } from './sinks.js';
import { median, ratio, rotate, round } from './stats.js';

const VARIANTS = ['ours', 'prom-client'] as const;
type Variant = (typeof VARIANTS)[number];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`),
    ),
  );
}

export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
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
 * Scrape cost for the same large series set: our Prometheus path (PrometheusExporter collect +
 * serialize, served by the core's handler) vs prom-client `registry.metrics()`, interleaved rounds.
 */
export async function runScrape(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const sizes = options.quick ? { rounds: 8, warmupRounds: 2 } : { rounds: 40, warmupRounds: 5 };
  const ours = createOursSink({ maxTickers: 250, maxModels: 50, maxAgents: 100, maxTools: 100 });
  const prom = createPromSink();
  populateSeries(ours);
  populateSeries(prom);
  // What the core's /metrics handler serializes with.
  const serializer = new PrometheusTextSerializer();
  const split = { collectMs: [] as number[], serializeMs: [] as number[] };
  const render: Record<Variant, () => Promise<string>> = {
    ours: async () => {
      const t0 = nowMs();
      const { resourceMetrics } = await ours.exporter.collect();
      const t1 = nowMs();
      const text = serializer.serialize(resourceMetrics);
      split.collectMs.push(t1 - t0);
      split.serializeMs.push(nowMs() - t1);
      return text;
    },
    'prom-client': () => prom.registry.metrics(),
  };
  const oursHandler = createMetricsHandler(ours.exporter);
  const servers: Record<Variant, Server> = {
    ours: createServer((req, res) => oursHandler(req, res)),
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
  const urls = { ours: await listen(servers.ours), 'prom-client': await listen(servers['prom-client']) };
  const renderMs: Record<Variant, number[]> = { ours: [], 'prom-client': [] };
  const httpMs: Record<Variant, number[]> = { ours: [], 'prom-client': [] };
  const blockedMs: Record<Variant, number[]> = { ours: [], 'prom-client': [] };
  const bodies: Record<Variant, string> = { ours: '', 'prom-client': '' };
  try {
    for (let r = 0; r < sizes.warmupRounds + sizes.rounds; r++) {
      const measured = r >= sizes.warmupRounds;
      for (const variant of rotate(VARIANTS, r)) {
        const t0 = nowMs();
        const text = await render[variant]();
        const t1 = nowMs();
        const probe = blockProbe();
        const t2 = nowMs();
        bodies[variant] = await fetchText(urls[variant]);
        const t3 = nowMs();
        const blocked = probe.stop();
        if (measured) {
          renderMs[variant].push(t1 - t0);
          httpMs[variant].push(t3 - t2);
          blockedMs[variant].push(blocked);
        }
        await new Promise((resolve) => setImmediate(resolve));
        if (text.length === 0) throw new Error(`${variant} rendered nothing`);
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => new Promise((resolve) => s.close(resolve))));
  }

  const stats = (v: Variant) => {
    const families = parsePrometheusText(bodies[v]);
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
  const p = stats('prom-client');
  const oursSplit = {
    collectMs: round(median(split.collectMs), 3),
    serializeMs: round(median(split.serializeMs), 3),
  };
  const renderRatio = ratio(o.renderMs, p.renderMs);
  const httpRatio = ratio(o.httpScrapeMs, p.httpScrapeMs);
  const met = renderRatio !== null && renderRatio <= 1 && httpRatio !== null && httpRatio <= 1;
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
          : `. Of our render, collect() takes ${fmt(oursSplit.collectMs, 2)} ms and serialize ${fmt(oursSplit.serializeMs, 2)} ms, so the cost is PrometheusSerializer (exporter-prometheus): for every sample line — each histogram bucket included — its stringify() re-sanitises every label key (2 regex replaces), re-escapes every label value (3 regex replaces) and Object.assign()s the le label, so a 14-bucket, 2-label histogram series pays ~170 regex passes; prom-client builds each series' label string once. ` +
            "What would close it: serialise with the label string built once per data point and reused for all its buckets (a small upstream fix to PrometheusSerializer._serializeHistogramDataPoint, or our own serializer over exporter.collect() in the core's /metrics handler), or cache the text of series unchanged since the last scrape."),
    },
  ];
  return {
    name: 'scrape',
    method:
      `Same series in both: ${SERIES_SET.tickers} tickers × 2 statuses (analyses counter + duration histogram), ${SERIES_SET.agents} agents × 2 statuses (+ duration histogram), ` +
      `${SERIES_SET.models} models with ${SERIES_SET.modelsPerAgent} per agent (requests, 4 token types, cost, GenAI duration/token histograms). ` +
      `${sizes.rounds} interleaved rounds (rotated) after ${sizes.warmupRounds} warm-up: render = in-process time to produce the text (collect + serialize / registry.metrics(); ` +
      'one synchronous block, since neither yields to the event loop), HTTP = a loopback GET of /metrics (server and client in this process); ' +
      'event-loop block = the longest gap between two turns of a setImmediate probe during the HTTP scrape.',
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
          'render ratio',
          'HTTP ratio',
        ],
        rows: [o, p].map((s) => [
          s.variant,
          fmt(s.renderMs, 2),
          fmt(s.httpScrapeMs, 2),
          fmt(s.longestBlockMs, 2),
          fmt(s.bodyBytes / 1024, 0),
          fmt(s.samples, 0),
          s.variant === 'ours' ? fmtRatio(renderRatio) : '1.00×',
          s.variant === 'ours' ? fmtRatio(httpRatio) : '1.00×',
        ]),
      },
    ],
    targets,
    skipped: [],
    data: {
      sizes,
      seriesSet: SERIES_SET,
      ours: { ...o, ...oursSplit },
      promClient: p,
      renderRatio,
      httpRatio,
    },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
