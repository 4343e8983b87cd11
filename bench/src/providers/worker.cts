/**
 * One providers worker: sets up its variant, loads the provider SDK, warms up, then measures one
 * window of LLM calls (half streamed) ended by a flush of pending spans. Reports over IPC.
 */
import { cpuUsage, hrtime } from 'node:process';
import { createCall } from './calls.cjs';
import type { WorkerConfig, WorkerResult } from './protocol.js';
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

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_PROVIDERS_CONFIG ?? '{}') as WorkerConfig;
  const variant = setUpVariant(config);
  const callLlm = createCall(config.framework, config.providerUrl, variant.wrap);
  const tickers = ['NVDA', 'AAPL', 'MSFT', 'TSLA', 'AMZN', 'META', 'GOOG', 'AMD'];
  const call = (i: number) => callLlm(`Summarise the day for ${tickers[i % tickers.length]}`, i % 2 === 1);

  for (let i = 0; i < config.warmupCalls; i++) await call(i);
  await variant.flush();
  await mark('warm');
  global.gc?.();
  const cpu0 = cpuUsage();
  const t0 = nowUs();
  for (let i = 0; i < config.calls; i++) await call(i);
  await variant.flush();
  const wallUs = nowUs() - t0;
  const cpu = cpuUsage(cpu0);
  await mark('calls');
  const result: WorkerResult = {
    variant: config.variant,
    node: process.version,
    calls: config.calls,
    cpuUs: cpu.user + cpu.system,
    wallUs,
    llmRequestsCounted: variant.countLlmRequests ? await variant.countLlmRequests() : null,
  };
  process.send?.({ result }, () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
