/**
 * A generic graph app for the end-to-end test, run as a child process (`node --import tsx`): no
 * `trackAnalysis`, only workflow runs (what a LangGraph graph invoked on its own records) with an
 * agent, a tool and an LLM call each; every fifth run also asks a self-hosted model the price table
 * does not know (an unpriced call); every tenth run fails. Serves /metrics on 127.0.0.1:<argv[2]>
 * and stops on SIGINT.
 */
import {
  registerTradingAgentsTelemetry,
  trackAgent,
  trackLlmCall,
  trackTool,
  trackWorkflow,
} from '../../../packages/telemetry/src/index.js';

const telemetry = registerTradingAgentsTelemetry({
  serviceName: 'workflow-app',
  metrics: { port: Number(process.argv[2]) },
  langfuse: { enabled: false },
  autoInstrument: {
    langchain: false,
    openai: false,
    googleGenAI: false,
    anthropic: false,
    openaiAgents: false,
    aiSdk: false,
  },
  handleSignals: false,
});

let runs = 0;

async function runOnce(): Promise<void> {
  const n = ++runs;
  await trackWorkflow('support_bot', () =>
    trackAgent('responder', async () => {
      await trackTool('search_kb', async () => ['doc-1', 'doc-2']);
      await trackLlmCall({ model: 'gpt-4o-mini' }, async (generation) => {
        generation.setUsage({ input: 800, output: 120 });
      });
      if (n % 5 === 0) {
        await trackLlmCall({ model: 'llama-3.1-8b-selfhosted', provider: 'vllm' }, async (generation) => {
          generation.setUsage({ input: 300, output: 60 });
        });
      }
      if (n % 10 === 0) throw new Error('graph node failed');
    }),
  );
}

const timer = setInterval(() => {
  runOnce().catch(() => undefined);
}, 100);

process.once('SIGINT', () => {
  clearInterval(timer);
  telemetry.shutdown().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
