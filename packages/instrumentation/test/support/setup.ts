import * as callbackManagerModule from '@langchain/core/callbacks/manager';
import * as chatModelsModule from '@langchain/core/language_models/chat_models';
import {
  registerTradingAgentsTelemetry,
  type TelemetryHandle,
  type TradingAgentsTelemetryOptions,
} from '@tradingagents/telemetry';
import {
  type LangfuseObservation,
  type LangfuseReceiverHandle,
  type MetricFamily,
  type OpenAIServerHandle,
  type OpenAIServerOptions,
  scrape,
  startLangfuseReceiver,
  startOpenAIServer,
} from '@tradingagents/testkit';
import * as openaiModule from 'openai';
import { LangChainInstrumentation } from '../../src/langchain/instrumentation.js';
import type { LangChainInstrumentationConfig } from '../../src/langchain/types.js';
import { OpenAIInstrumentation } from '../../src/openai/instrumentation.js';
import type { OpenAIInstrumentationConfig } from '../../src/openai/types.js';

/** Everything one test file needs: fake OpenAI, Langfuse receiver, the core, our instrumentations. */
export interface Harness {
  openai: OpenAIServerHandle;
  langfuse: LangfuseReceiverHandle;
  telemetry: TelemetryHandle;
  langchain: LangChainInstrumentation;
  openaiInstrumentation: OpenAIInstrumentation;
  /** Flushes spans and returns the observations received so far plus a fresh scrape of `/metrics`. */
  collect(): Promise<{ observations: LangfuseObservation[]; metrics: MetricFamily[] }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  server?: OpenAIServerOptions;
  langchain?: LangChainInstrumentationConfig;
  openai?: OpenAIInstrumentationConfig;
  telemetry?: TradingAgentsTelemetryOptions;
}

/**
 * Starts the harness. Require hooks are not used inside vitest: the modules the test imports are
 * patched with `manuallyInstrument`, the route bundlers take too.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const openai = await startOpenAIServer(options.server);
  const langfuse = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
  const langchain = new LangChainInstrumentation(options.langchain);
  const openaiInstrumentation = new OpenAIInstrumentation(options.openai);
  const telemetry = registerTradingAgentsTelemetry({
    metrics: { port: 0 },
    handleSignals: false,
    langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: langfuse.baseUrl, exportMode: 'immediate' },
    autoInstrument: {
      langchain: false,
      openai: false,
      googleGenAI: false,
      anthropic: false,
      openaiAgents: false,
      aiSdk: false,
    },
    instrumentations: [langchain, openaiInstrumentation],
    ...options.telemetry,
  });
  await telemetry.ready;
  langchain.manuallyInstrument({ callbackManager: callbackManagerModule, chatModels: chatModelsModule });
  openaiInstrumentation.manuallyInstrument({ openai: openaiModule });
  return {
    openai,
    langfuse,
    telemetry,
    langchain,
    openaiInstrumentation,
    async collect() {
      await telemetry.forceFlush();
      return { observations: langfuse.observations(), metrics: await scrape(telemetry.metricsUrl as string) };
    },
    async close() {
      langchain.disable();
      openaiInstrumentation.disable();
      await telemetry.shutdown();
      await openai.close();
      await langfuse.close();
    },
  };
}

/** The numeric value of a span attribute as received. */
export function numberAttr(observation: LangfuseObservation | undefined, key: string): number {
  const value = observation?.attributes[key];
  return typeof value === 'number' ? value : Number(value ?? 0);
}
