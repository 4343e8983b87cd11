/**
 * One overhead worker: sets up its variant, loads the workload, warms up, then measures a window of
 * graph runs and a window of bare LLM calls, each ended by a flush of pending spans. Reports over IPC.
 */
import { cpuUsage, hrtime } from 'node:process';
import { AGENT_STEPS, createWorkload, LLM_CALLS, TOOL_CALLS } from './graph.cjs';
import type { Window, WorkerConfig, WorkerResult } from './protocol.js';
import { setUpVariant } from './variants.cjs';

const nowUs = (): number => Number(hrtime.bigint()) / 1000;

/** Tells the parent a phase ended (all its spans exported) and waits for it to count them. */
function mark(phase: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if ((message as { ack?: string })?.ack !== phase) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.send?.({ mark: phase });
  });
}

async function measure(
  iterations: number,
  runOne: (i: number) => Promise<unknown>,
  flush: () => Promise<void>,
): Promise<Window> {
  const times: number[] = new Array(iterations);
  global.gc?.();
  const cpu0 = cpuUsage();
  const t0 = nowUs();
  for (let i = 0; i < iterations; i++) {
    const start = nowUs();
    await runOne(i);
    times[i] = nowUs() - start;
  }
  await flush();
  const wallUs = nowUs() - t0;
  const cpu = cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  return {
    iterations,
    wallUs,
    cpuUs: cpu.user + cpu.system,
    medianIterationUs: times[iterations >> 1] as number,
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_OVERHEAD_CONFIG ?? '{}') as WorkerConfig;
  const variant = setUpVariant(config);
  const workload = createWorkload(config.openaiUrl);
  const tickers = ['NVDA', 'AAPL', 'MSFT', 'TSLA', 'AMZN', 'META', 'GOOG', 'AMD'];
  const analysis = (i: number) => {
    const ticker = tickers[i % tickers.length] as string;
    return variant.analysis(ticker, () => workload.runGraph(ticker, variant.invokeConfig));
  };
  const call = (i: number) =>
    workload.callLlm(`Summarise the day for ${tickers[i % tickers.length]}`, variant.invokeConfig);

  for (let i = 0; i < config.warmupAnalyses; i++) await analysis(i);
  for (let i = 0; i < config.warmupCalls; i++) await call(i);
  await variant.flush();
  await mark('warm');
  const graph = await measure(config.analyses, analysis, variant.flush);
  await mark('graph');
  const llm = await measure(config.calls, call, variant.flush);
  await mark('llm');
  const result: WorkerResult = {
    variant: config.variant,
    graph,
    llm,
    perAnalysis: { agentSteps: AGENT_STEPS, llmCalls: LLM_CALLS, toolCalls: TOOL_CALLS },
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
  process.send?.({ result }, () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
