import * as genai from '@google/genai';
import { registerTradingAgentsTelemetry, type TelemetryHandle } from '@tradingagents/telemetry';
import {
  type GeminiServerHandle,
  type GeminiServerOptions,
  type LangfuseObservation,
  type LangfuseReceiverHandle,
  type MetricFamily,
  scrape,
  startGeminiServer,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { GoogleGenAIInstrumentation } from '../../src/google-genai/instrumentation.js';

/** Loopback Gemini API, Langfuse receiver, the core, and the Google GenAI instrumentation on the test's module. */
export interface GoogleHarness {
  gemini: GeminiServerHandle;
  langfuse: LangfuseReceiverHandle;
  telemetry: TelemetryHandle;
  instrumentation: GoogleGenAIInstrumentation;
  /** A client of the real SDK pointed at the loopback server. */
  client(): genai.GoogleGenAI;
  collect(): Promise<{ observations: LangfuseObservation[]; metrics: MetricFamily[] }>;
  close(): Promise<void>;
}

export async function startGoogleHarness(
  server: GeminiServerOptions = {},
  capture = true,
): Promise<GoogleHarness> {
  const gemini = await startGeminiServer(server);
  const langfuse = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
  const instrumentation = new GoogleGenAIInstrumentation();
  const telemetry = registerTradingAgentsTelemetry({
    metrics: { port: 0 },
    handleSignals: false,
    content: { capture },
    langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: langfuse.baseUrl, exportMode: 'immediate' },
    autoInstrument: { langchain: false, openai: false, googleGenAI: false },
    instrumentations: [instrumentation],
  });
  await telemetry.ready;
  instrumentation.manuallyInstrument({ googleGenAI: genai });
  return {
    gemini,
    langfuse,
    telemetry,
    instrumentation,
    client: () => new genai.GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: gemini.url } }),
    async collect() {
      await telemetry.forceFlush();
      return { observations: langfuse.observations(), metrics: await scrape(telemetry.metricsUrl as string) };
    },
    async close() {
      instrumentation.disable();
      await telemetry.shutdown();
      await gemini.close();
      await langfuse.close();
    },
  };
}
