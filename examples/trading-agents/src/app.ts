import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setQueueLength, type TelemetryHandle } from '@tradingagents/telemetry';
import { type AnalysisJob, type AnalysisResult, runAnalysis } from './analyse.js';
import type { DemoOptions } from './cli.js';
import type { MarketData } from './data.js';
import { openLlmEndpoint } from './llm/endpoint.js';
import { scrapeOwnMetrics } from './metrics.js';
import { AsyncQueue } from './queue.js';
import { openStore, type ResultStore } from './store.js';
import { formatSummary } from './summary.js';
import { createToolSpecs } from './tools.js';

export interface DemoRun {
  options: DemoOptions;
  data: MarketData;
  telemetry: TelemetryHandle;
  env?: Readonly<Partial<Record<string, string>>>;
}

/**
 * Whether the `index`-th analysis gets an injected failure: failures are spread evenly, so that
 * exactly `rate` of any run of analyses fails (0.5 fails every second one), deterministically.
 */
export function injectFailure(index: number, rate: number): boolean {
  return Math.floor((index + 1) * rate) > Math.floor(index * rate);
}

/** The trading day after `date` (for `--loop`), wrapping around to the first date with history. */
function nextTradingDay(data: MarketData, ticker: string, date: string, first: string): string {
  const next = data.barAfter(ticker, date, 1);
  return next === undefined ? first : next[0];
}

/** Runs the demo; resolves with the process exit code once done (`--once`) or stopped (Ctrl-C). */
export async function runDemo({ options, data, telemetry, env = process.env }: DemoRun): Promise<number> {
  // Each graph run shares one AbortSignal among its parallel nodes, model calls and tools; more
  // than Node's default of 10 listeners is expected here, not a leak.
  setMaxListeners(100);
  const say = (line: string) => console.log(line);
  const progress = options.quiet ? undefined : say;
  const endpoint = await openLlmEndpoint({
    provider: options.provider,
    model: options.model,
    latencyMs: options.llmLatencyMs,
    tools: createToolSpecs(data),
    env,
  });
  let store: ResultStore | undefined;
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '') {
    try {
      store = await openStore(databaseUrl);
    } catch (error) {
      console.error(`error: cannot use DATABASE_URL: ${(error as Error).message}`);
      await endpoint.close();
      await telemetry.shutdown();
      return 1;
    }
  }

  await telemetry.ready;
  say('TradingAgents demo');
  say(
    `  tickers ${options.tickers.join(', ')} | date ${options.date} | concurrency ${options.concurrency} | debate rounds ${options.rounds}`,
  );
  say(
    `  LLM: ${endpoint.description}${options.failRate > 0 ? ` | injected failure rate ${options.failRate}` : ''}`,
  );
  say(
    `  metrics: ${telemetry.metricsUrl ?? (telemetry.config.metrics.enabled ? 'not served (see the warning above)' : 'off')}`,
  );
  if (telemetry.config.langfuse.enabled) say(`  Langfuse: ${telemetry.config.langfuse.baseUrl}`);
  say(`  database: ${store === undefined ? 'off (set DATABASE_URL to store results)' : 'PostgreSQL'}`);
  say('');

  const context = {
    data,
    endpoint,
    rounds: options.rounds,
    sessionId: `session-${randomBytes(4).toString('hex')}`,
    userId: options.userId,
    print: progress,
  };
  const queue = new AsyncQueue(options.concurrency, setQueueLength);
  let jobCount = 0;
  let stopping = false;
  // The last batch only: in --loop mode the app runs for hours.
  let latest: AnalysisResult[] = [];

  const runBatch = async (date: string): Promise<AnalysisResult[]> => {
    const jobs: AnalysisJob[] = options.tickers.map((ticker) => {
      const index = jobCount++;
      return {
        id: `${context.sessionId}-${index}`,
        ticker,
        tradeDate: data.tradingDay(ticker, date) ?? date,
        inject: endpoint.kind === 'embedded' && injectFailure(index, options.failRate),
      };
    });
    setQueueLength(Math.max(0, jobs.length - options.concurrency));
    const results = await Promise.all(
      jobs.map((job) =>
        queue.add(async () => {
          progress?.(`> ${job.ticker} ${job.tradeDate}: analysis started`);
          const result = await runAnalysis(context, job);
          progress?.(
            result.status === 'success'
              ? `< ${job.ticker} ${job.tradeDate}: ${result.decision} (confidence ${result.confidence?.toFixed(2)}, outcome ${result.outcome ?? 'pending'}) $${result.costUsd.toFixed(6)} in ${(result.durationMs / 1000).toFixed(2)} s`
              : `< ${job.ticker} ${job.tradeDate}: FAILED after ${(result.durationMs / 1000).toFixed(2)} s: ${result.error}`,
          );
          if (store !== undefined) {
            await store
              .save({
                runId: job.id,
                ticker: job.ticker,
                tradeDate: job.tradeDate,
                status: result.status,
                decision: result.decision ?? null,
                confidence: result.confidence ?? null,
                costUsd: result.costUsd,
                inputTokens: result.inputTokens,
                outputTokens: result.outputTokens,
                durationMs: result.durationMs,
                outcome: result.outcome ?? null,
                feedback: result.feedback ?? null,
                error: result.error ?? null,
              })
              .catch((error: Error) =>
                console.error(`database: could not store ${job.ticker}: ${error.message}`),
              );
          }
          return result;
        }),
      ),
    );
    latest = results;
    return results;
  };

  const printSummary = async () => {
    await telemetry.forceFlush();
    let families: Awaited<ReturnType<typeof scrapeOwnMetrics>>;
    try {
      families = await scrapeOwnMetrics(telemetry);
    } catch (error) {
      console.error(`could not scrape /metrics: ${(error as Error).message}`);
    }
    say('');
    say(formatSummary(latest, families));
  };

  const close = async () => {
    await telemetry.shutdown();
    await endpoint.close();
    await store?.close().catch(() => {});
  };

  let date = options.date;
  await runBatch(date);
  await printSummary();
  if (options.once) {
    await close();
    const failures = latest.filter((r) => r.status === 'error').length;
    return failures > 0 && options.failRate === 0 ? 1 : 0;
  }

  return new Promise<number>((resolve) => {
    // The /metrics server is unref'ed by the SDK; this timer keeps the process serving.
    const keepAlive = setInterval(() => {}, 60_000);
    const stop = () => {
      if (stopping) return;
      stopping = true;
      say('\nStopping: flushing telemetry...');
      clearInterval(keepAlive);
      void close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    say('');
    say(
      options.loop
        ? 'Looping over successive trade dates; press Ctrl-C to stop.'
        : `Serving ${telemetry.metricsUrl ?? 'telemetry'}; press Ctrl-C to stop.`,
    );
    if (options.loop) {
      const first = options.date;
      void (async () => {
        while (!stopping) {
          date = nextTradingDay(data, options.tickers[0], date, first);
          await runBatch(date);
          if (!stopping) await printSummary();
        }
      })();
    }
  });
}
