import { registerTradingAgentsTelemetry, type TelemetryHandle } from '@tradingagents/telemetry';
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
import { AiSdkInstrumentation } from '../../src/ai-sdk/instrumentation.js';

/** `ai` 7 and `@ai-sdk/openai` 4 declare Node >= 22; their tests skip on older Node. */
export const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
export const AI_SDK_SKIP_REASON =
  NODE_MAJOR < 22 ? `ai 7 needs Node >= 22 (this is ${process.version}): run scripts/test-node22.sh` : '';

/** Loopback OpenAI API, Langfuse receiver, the core, and the AI SDK instrumentation. */
export interface AiSdkHarness {
  openai: OpenAIServerHandle;
  langfuse: LangfuseReceiverHandle;
  telemetry: TelemetryHandle;
  instrumentation: AiSdkInstrumentation;
  collect(): Promise<{ observations: LangfuseObservation[]; metrics: MetricFamily[] }>;
  close(): Promise<void>;
}

export async function startAiSdkHarness(
  server: OpenAIServerOptions = {},
  capture = true,
): Promise<AiSdkHarness> {
  const openai = await startOpenAIServer(server);
  const langfuse = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
  const instrumentation = new AiSdkInstrumentation();
  const telemetry = registerTradingAgentsTelemetry({
    metrics: { port: 0 },
    handleSignals: false,
    content: { capture },
    langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: langfuse.baseUrl, exportMode: 'immediate' },
    autoInstrument: { langchain: false, openai: false, googleGenAI: false, anthropic: false, aiSdk: false },
    instrumentations: [instrumentation],
  });
  await telemetry.ready;
  return {
    openai,
    langfuse,
    telemetry,
    instrumentation,
    async collect() {
      await telemetry.forceFlush();
      return { observations: langfuse.observations(), metrics: await scrape(telemetry.metricsUrl as string) };
    },
    async close() {
      instrumentation.disable();
      await telemetry.shutdown();
      await openai.close();
      await langfuse.close();
    },
  };
}
