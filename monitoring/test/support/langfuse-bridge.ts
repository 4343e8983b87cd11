/**
 * The Langfuse bridge for end-to-end tests: `startLangfuseExporter()` (the library API) polling a
 * loopback fake of Langfuse's Metrics API v2 (the exporter package's own test fake), serving
 * /metrics on a given port for Prometheus to scrape as job `langfuse-exporter`.
 */

import {
  type LangfuseExporterHandle,
  startLangfuseExporter,
} from '../../../packages/langfuse-exporter/src/index.js';
import {
  FakeLangfuse,
  type FakeObservation,
} from '../../../packages/langfuse-exporter/test/support/fake-langfuse.js';

const KEYS = { publicKey: 'pk-lf-monitoring', secretKey: 'sk-lf-monitoring' };

/** Model calls as Langfuse would hold them for the example app: its model and trace names. */
export const BRIDGE_OBSERVATIONS: readonly FakeObservation[] = [
  ['analysis NVDA', 0.012, 1800, 300, 420],
  ['analysis NVDA', 0.009, 1500, 250, 380],
  ['analysis AAPL', 0.011, 1700, 280, 510],
  ['analysis MSFT', 0.01, 1600, 260, 450],
].map(([traceName, totalCost, inputTokens, outputTokens, latencyMs]) => ({
  model: 'gpt-4o-mini',
  traceName: traceName as string,
  environment: 'default',
  totalCost: totalCost as number,
  inputTokens: inputTokens as number,
  outputTokens: outputTokens as number,
  latencyMs: latencyMs as number,
}));

export interface RunningBridge {
  readonly fake: FakeLangfuse;
  readonly exporter: LangfuseExporterHandle;
  stop(): Promise<void>;
}

/** Starts the fake Langfuse and the exporter on `port`, and waits for its first successful poll. */
export async function startLangfuseBridge(port: number): Promise<RunningBridge> {
  const fake = await new FakeLangfuse({ ...KEYS, observations: [...BRIDGE_OBSERVATIONS] }).start();
  const exporter = await startLangfuseExporter(
    { ...KEYS, baseUrl: fake.url, host: '127.0.0.1', port, pollIntervalSeconds: 30, timeoutSeconds: 5 },
    {},
  );
  const stop = async () => {
    await exporter.shutdown();
    await fake.stop();
  };
  await exporter.pollNow();
  if (exporter.status().lastSuccessAt === undefined) {
    await stop();
    throw new Error(`the Langfuse exporter's poll of the fake failed: ${JSON.stringify(exporter.status())}`);
  }
  return { fake, exporter, stop };
}
