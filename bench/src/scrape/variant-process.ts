/**
 * One variant of the scrape bench, alone in its own process: its store (or prom-client registry)
 * holding the bench's series set, the /metrics server the variant would run, and the timing of
 * what happens in this process (render, event-loop blocks). A variant per process keeps each
 * variant's heap and garbage collections out of the others' timings: side by side in one process,
 * the same variant measured 1.0-1.25x of itself depending on which store was built first.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { createMetricsHandler, OpenMetricsSerializer, PrometheusTextSerializer } from '../core.js';
import { populateSeries } from '../series.js';
import { createOursSink, createPromSink } from '../sinks.js';
import type { ScrapeReply, ScrapeRequest, ScrapeVariant } from './protocol.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Host {
  /** The body's bytes, produced in process as the server would (collect + write + encode). */
  render(): Promise<{ bytes: number; collectMs?: number; serializeMs?: number }>;
  handler: Handler;
}

/** Renders per `render` request, of which the median is answered. */
const RENDERS_PER_REQUEST = 5;

/** The series of the bench, held the way the variant holds them. */
const CARDINALITY = { maxTickers: 250, maxModels: 50, maxAgents: 100, maxTools: 100 };

/**
 * The core's /metrics handler as it was before slicing: collect, then write and send the text in
 * one block (`response.end(text)` encodes it).
 */
function oneBlockHandler(exporter: PrometheusExporter, serializer: PrometheusTextSerializer): Handler {
  return (_req, res) => {
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

function host(variant: ScrapeVariant): Host {
  if (variant === 'prom-client') {
    const prom = createPromSink();
    populateSeries(prom);
    return {
      render: async () => ({ bytes: Buffer.byteLength(await prom.registry.metrics()) }),
      handler: (_req, res) => {
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
      },
    };
  }
  const sink = createOursSink(CARDINALITY, {
    // BENCH_SCRAPE_AA=1: an A/A run, ours-openmetrics recorded without spans like ours-openmetrics-plain,
    // which shows how far two identical variants land apart on this machine.
    exemplars: variant === 'ours-openmetrics' && process.env.BENCH_SCRAPE_AA !== '1',
    ...(variant === 'ours-unsliced' ? { sliceBudgetMs: Number.POSITIVE_INFINITY } : {}),
  });
  populateSeries(sink);
  if (variant === 'ours-unsliced') {
    const writer = new PrometheusTextSerializer();
    return {
      render: async () => {
        const t0 = performance.now();
        const { resourceMetrics } = await sink.exporter.collect();
        const t1 = performance.now();
        const bytes = Buffer.from(writer.serialize(resourceMetrics)).length;
        return { bytes, collectMs: t1 - t0, serializeMs: performance.now() - t1 };
      },
      handler: oneBlockHandler(sink.exporter, writer),
    };
  }
  const writer = variant === 'ours' ? new PrometheusTextSerializer() : new OpenMetricsSerializer();
  return {
    render: async () => {
      const { resourceMetrics } = await sink.exporter.collect();
      const parts = await writer.encodeSliced(resourceMetrics);
      return { bytes: parts.reduce((n, part) => n + part.length, 0) };
    },
    handler: createMetricsHandler(sink.exporter),
  };
}

/**
 * The longest time the event loop was blocked while it runs: a setImmediate chain records the
 * largest gap between two consecutive turns (finer than monitorEventLoopDelay's 1 ms timer).
 */
function blockProbe(): { stop(): number } {
  let running = true;
  let last = performance.now();
  let maxGap = 0;
  const tick = () => {
    const t = performance.now();
    if (t - last > maxGap) maxGap = t - last;
    last = t;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      return Math.max(maxGap, performance.now() - last);
    },
  };
}

function send(reply: ScrapeReply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const variant = process.env.BENCH_SCRAPE_VARIANT as ScrapeVariant;
  const { render, handler } = host(variant);
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let probe: { stop(): number } | undefined;
  process.on('message', (request: ScrapeRequest) => {
    void (async () => {
      if (request.op === 'render') {
        // The median of a few back-to-back renders: one render is a few ms, and a scavenge landing in it
        // or not moves it by a third.
        const runs: { renderMs: number; collectMs?: number; serializeMs?: number }[] = [];
        for (let i = 0; i < RENDERS_PER_REQUEST; i++) {
          const t0 = performance.now();
          const { bytes, collectMs, serializeMs } = await render();
          runs.push({ renderMs: performance.now() - t0, collectMs, serializeMs });
          if (bytes === 0) throw new Error(`${variant} rendered nothing`);
        }
        runs.sort((a, b) => a.renderMs - b.renderMs);
        send({ id: request.id, ...(runs[runs.length >> 1] as (typeof runs)[number]) });
      } else if (request.op === 'probe-start') {
        probe = blockProbe();
        send({ id: request.id });
      } else {
        send({ id: request.id, blockedMs: probe?.stop() ?? Number.NaN });
        probe = undefined;
      }
    })().catch((error: unknown) => send({ error: String((error as Error)?.stack ?? error) }));
  });
  process.on('disconnect', () => server.close(() => process.exit(0)));
  send({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics` });
}

main().catch((error: unknown) => {
  send({ error: String((error as Error)?.stack ?? error) });
  process.exit(1);
});
