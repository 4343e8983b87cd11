/**
 * One memory run in a fresh process: records `analyses` analyses over `tickers` distinct tickers
 * (introduced steadily: analysis i uses ticker ⌊i·tickers/analyses⌋) and samples heapUsed after a
 * full GC at each checkpoint.
 */
import { tickerName } from '../labels.js';
import { createOursSink, createPromSink } from '../sinks.js';
import type { MemoryConfig, MemoryResult } from './protocol.js';

type Record1 = (ticker: string, ok: boolean, i: number) => void;

function heapMiB(): number {
  global.gc?.();
  global.gc?.();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}

async function setUp(config: MemoryConfig): Promise<{ record: Record1; series: () => Promise<number> }> {
  if (config.variant === 'ours-recorder') {
    const sink = createOursSink();
    return {
      record: (ticker, ok, i) => sink.recorder.analysisEnded(ticker, ok, 10 + (i % 300), 0.01),
      series: async () => {
        const { resourceMetrics } = await sink.exporter.collect();
        const metric = resourceMetrics.scopeMetrics
          .flatMap((s) => s.metrics)
          .find((m) => m.descriptor.name === 'tradingagents_analyses');
        return metric?.dataPoints.length ?? 0;
      },
    };
  }
  if (config.variant === 'ours-spans') {
    const { registerTradingAgentsTelemetry } = await import('@tradingagents/telemetry');
    const { startAnalysis } = await import('@tradingagents/telemetry/instrumentation-api');
    const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { ExportResultCode } = await import('@opentelemetry/core');
    const { scrape } = await import('@tradingagents/testkit');
    // Spans go through a real BatchSpanProcessor to an exporter that drops them: span memory without I/O.
    const noopExporter = {
      export: (_spans: unknown, done: (r: { code: number }) => void) =>
        done({ code: ExportResultCode.SUCCESS }),
      shutdown: async () => {},
      forceFlush: async () => {},
    };
    const telemetry = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
      autoInstrument: { langchain: false, openai: false },
      langfuse: { enabled: false },
      spanProcessors: [new BatchSpanProcessor(noopExporter)],
    });
    await telemetry.ready;
    const failure = new Error('analysis failed');
    return {
      record: (ticker, ok) => startAnalysis({ ticker }).end(ok ? undefined : failure),
      series: async () => {
        const families = await scrape(telemetry.metricsUrl as string);
        return families.find((f) => f.name === 'tradingagents_analyses_total')?.samples.length ?? 0;
      },
    };
  }
  const sink = createPromSink();
  return {
    record: (ticker, ok, i) =>
      sink.analysisEnded({ ticker, ok, durationSeconds: 10 + (i % 300), costUsd: 0.01 }),
    series: async () =>
      (await sink.registry.getSingleMetric('tradingagents_analyses_total')?.get())?.values.length ?? 0,
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_MEMORY_CONFIG ?? '{}') as MemoryConfig;
  const { record, series } = await setUp(config);
  const names = Array.from({ length: config.tickers }, (_, i) => tickerName(i));
  const checkpoints = [{ analyses: 0, heapUsedMiB: heapMiB() }];
  const every = Math.floor(config.analyses / config.checkpoints);
  const started = performance.now();
  for (let i = 0; i < config.analyses; i++) {
    const ticker = names[Math.floor((i * config.tickers) / config.analyses)] as string;
    // ~5% errors, deterministic.
    record(ticker, i % 20 !== 7, i);
    if ((i + 1) % every === 0) {
      // Yield so that batch span processors and timers run as they would in an app.
      await new Promise((resolve) => setImmediate(resolve));
      checkpoints.push({ analyses: i + 1, heapUsedMiB: heapMiB() });
    }
  }
  const result: MemoryResult = {
    variant: config.variant,
    checkpoints,
    analysesSeries: await series(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  process.send?.({ result }, () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
