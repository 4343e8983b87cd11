import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as anthropicModule from '@anthropic-ai/sdk';
import * as callbackManagerModule from '@langchain/core/callbacks/manager';
import * as chatModelsModule from '@langchain/core/language_models/chat_models';
import { registerTradingAgentsTelemetry, type TelemetryHandle } from '@tradingagents/telemetry';
import {
  type AnthropicServerHandle,
  type AnthropicServerOptions,
  type LangfuseObservation,
  type LangfuseReceiverHandle,
  type MetricFamily,
  scrape,
  startAnthropicServer,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { AnthropicInstrumentation } from '../../src/anthropic/instrumentation.js';
import { LangChainInstrumentation } from '../../src/langchain/instrumentation.js';

/** The fake Anthropic API, the Langfuse receiver, the core, and the LangChain and Anthropic instrumentations. */
export interface AnthropicHarness {
  anthropic: AnthropicServerHandle;
  langfuse: LangfuseReceiverHandle;
  telemetry: TelemetryHandle;
  instrumentation: AnthropicInstrumentation;
  collect(): Promise<{ observations: LangfuseObservation[]; metrics: MetricFamily[] }>;
  close(): Promise<void>;
}

/** The ES module of the `@anthropic-ai/sdk` copy `@langchain/anthropic` imports (its own dependency). */
function langChainsAnthropicSdk(): string {
  const own = createRequire(import.meta.url).resolve('@langchain/anthropic');
  const sdk = createRequire(own).resolve('@anthropic-ai/sdk');
  return pathToFileURL(join(dirname(sdk), 'index.mjs')).href;
}

/**
 * Starts the harness; the SDK modules are patched with `manuallyInstrument` (no require hooks inside
 * vitest): the test's own `@anthropic-ai/sdk`, and the copy `@langchain/anthropic` depends on.
 */
export async function startAnthropicHarness(
  server: AnthropicServerOptions = {},
  content = false,
): Promise<AnthropicHarness> {
  const anthropic = await startAnthropicServer(server);
  const langfuse = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
  const langchain = new LangChainInstrumentation();
  const instrumentation = new AnthropicInstrumentation();
  const telemetry = registerTradingAgentsTelemetry({
    metrics: { port: 0 },
    handleSignals: false,
    langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: langfuse.baseUrl, exportMode: 'immediate' },
    content: { capture: content },
    autoInstrument: { langchain: false, openai: false, anthropic: false },
    instrumentations: [langchain, instrumentation],
  });
  await telemetry.ready;
  langchain.manuallyInstrument({ callbackManager: callbackManagerModule, chatModels: chatModelsModule });
  instrumentation.manuallyInstrument({ anthropic: anthropicModule });
  instrumentation.manuallyInstrument({ anthropic: await import(langChainsAnthropicSdk()) });
  return {
    anthropic,
    langfuse,
    telemetry,
    instrumentation,
    async collect() {
      await telemetry.forceFlush();
      return { observations: langfuse.observations(), metrics: await scrape(telemetry.metricsUrl as string) };
    },
    async close() {
      langchain.disable();
      instrumentation.disable();
      await telemetry.shutdown();
      await anthropic.close();
      await langfuse.close();
    },
  };
}
