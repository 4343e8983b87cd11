import * as callbackManagerModule from '@langchain/core/callbacks/manager';
import * as chatModelsModule from '@langchain/core/language_models/chat_models';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { CallbackHandler } from '@langfuse/langchain';
import { observeOpenAI } from '@langfuse/openai';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { registerTradingAgentsTelemetry, type TelemetryHandle } from '@tradingagents/telemetry';
import {
  type LangfuseObservation,
  type LangfuseReceiverHandle,
  type LangfuseTrace,
  type MetricFamily,
  type OpenAIServerHandle,
  scrape,
  startLangfuseReceiver,
  startOpenAIServer,
} from '@tradingagents/testkit';
import OpenAI, * as openaiModule from 'openai';
import { LangChainInstrumentation } from '../../src/langchain/instrumentation.js';
import { OpenAIInstrumentation } from '../../src/openai/instrumentation.js';

/** Which tracer the app set up first: Langfuse's `NodeSDK` (as Langfuse's docs show) or ours. */
export type StartOrder = 'langfuse-first' | 'ours-first';

/** What the app did and what reached Langfuse and `/metrics`. */
export interface LangfuseSdkAppRun {
  /** Chat completions the OpenAI server answered. */
  requests: number;
  observations: LangfuseObservation[];
  traces: LangfuseTrace[];
  metrics: MetricFamily[];
  /** Results the app got back, to check that nothing changed for it. */
  results: { graph: unknown; observed: unknown; plain: unknown };
  /** Open runs left in our handler. */
  openRuns: number;
}

const State = Annotation.Root({
  ticker: Annotation<string>(),
  reports: Annotation<string[]>({ reducer: (a, b) => [...(a ?? []), ...b], default: () => [] }),
});

/**
 * An app already traced to Langfuse with Langfuse's own SDK, as its JS docs set it up: `NodeSDK` with
 * `LangfuseSpanProcessor`, `@langfuse/langchain`'s `CallbackHandler` passed to `invoke`, and an
 * `observeOpenAI` client; plus one LangChain call without Langfuse's handler. Our telemetry is
 * registered before or after Langfuse's, both exporting to the same Langfuse endpoint.
 */
export async function runLangfuseSdkApp(order: StartOrder): Promise<LangfuseSdkAppRun> {
  const server: OpenAIServerHandle = await startOpenAIServer({
    responder: (request) => ({
      content: `report on ${request.lastUserMessage}`,
      usage: { promptTokens: 100, completionTokens: 10 },
    }),
  });
  const langfuse: LangfuseReceiverHandle = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
  const sdk = new NodeSDK({
    spanProcessors: [
      new LangfuseSpanProcessor({
        publicKey: 'pk',
        secretKey: 'sk',
        baseUrl: langfuse.baseUrl,
        exportMode: 'immediate',
      }),
    ],
  });
  const langchain = new LangChainInstrumentation();
  const openaiInstrumentation = new OpenAIInstrumentation();
  let telemetry: TelemetryHandle | undefined;
  const registerOurs = async () => {
    telemetry = registerTradingAgentsTelemetry({
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
    });
    await telemetry.ready;
    langchain.manuallyInstrument({ callbackManager: callbackManagerModule, chatModels: chatModelsModule });
    openaiInstrumentation.manuallyInstrument({ openai: openaiModule });
  };
  if (order === 'langfuse-first') {
    sdk.start();
    await registerOurs();
  } else {
    await registerOurs();
    sdk.start();
  }
  try {
    const llm = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test',
      configuration: { baseURL: server.url },
      maxRetries: 0,
    });
    const graph = new StateGraph(State)
      .addNode('market', async (s) => ({
        reports: [String((await llm.invoke(`market ${s.ticker}`)).content)],
      }))
      .addNode('news', async (s) => ({ reports: [String((await llm.invoke(`news ${s.ticker}`)).content)] }))
      .addEdge(START, 'market')
      .addEdge('market', 'news')
      .addEdge('news', END)
      .compile();
    const langfuseHandler = new CallbackHandler({ sessionId: 'session-1', userId: 'user-1' });
    const graphResult = await graph.invoke({ ticker: 'NVDA' }, { callbacks: [langfuseHandler] });
    const client = observeOpenAI(new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 }));
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'observed call' }],
    });
    const plain = await llm.invoke('plain call');
    await sdk.shutdown();
    await telemetry?.forceFlush();
    // Langfuse's processor may still be sending what its shutdown started (its onEnd work is async):
    // wait, bounded, until the receiver has a generation for each request the model server answered.
    const answered = server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    for (let waited = 0; waited < 5_000; waited += 50) {
      if (langfuse.observations().filter((o) => o.type === 'generation').length >= answered) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      requests: server.requests.filter((r) => r.path.endsWith('/chat/completions')).length,
      observations: langfuse.observations(),
      traces: langfuse.traces(),
      metrics: await scrape(telemetry?.metricsUrl as string),
      results: {
        graph: graphResult.reports,
        observed: completion.choices[0]?.message.content,
        plain: plain.content,
      },
      openRuns: langchain.getHandler().openRuns,
    };
  } finally {
    langchain.disable();
    openaiInstrumentation.disable();
    await telemetry?.shutdown();
    await server.close();
    await langfuse.close();
  }
}
