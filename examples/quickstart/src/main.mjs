// The smallest useful app: register once, wrap analyses and agents, and report each model call.
// It talks to an embedded OpenAI-compatible server on loopback, so it runs offline with no keys.
import {
  registerTradingAgentsTelemetry,
  trackAgent,
  trackAnalysis,
  trackLlmCall,
} from '@tradingagents/telemetry';
import { startOpenAIServer } from '@tradingagents/testkit';
import OpenAI from 'openai';

const once = process.argv.includes('--once');
const telemetry = registerTradingAgentsTelemetry({ serviceName: 'quickstart' });
await telemetry.ready;

const llm = await startOpenAIServer({ latencyMs: 20 });
const openai = new OpenAI({ baseURL: llm.url, apiKey: 'offline' });

async function ask(model, prompt) {
  return trackLlmCall({ model, input: prompt }, async (generation) => {
    const response = await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: prompt }],
    });
    generation.setUsage(response.usage ?? {});
    generation.setResponse({ model: response.model, id: response.id });
    generation.setOutput(response.choices[0]?.message.content);
    return response.choices[0]?.message.content ?? '';
  });
}

for (const ticker of ['NVDA', 'AAPL', 'MSFT']) {
  const decision = await trackAnalysis(
    { ticker, tradeDate: '2026-11-20', sessionId: 'quickstart' },
    async (analysis) => {
      const [market, news] = await Promise.all([
        trackAgent('market_analyst', () => ask('gpt-4o-mini', `Summarise the price action of ${ticker}.`)),
        trackAgent('news_analyst', () => ask('gpt-4o-mini', `Summarise the news about ${ticker}.`)),
      ]);
      const plan = await trackAgent('trader', () =>
        ask('gpt-4.1', `Given:\n${market}\n${news}\nBUY, SELL or HOLD ${ticker}?`),
      );
      const decision = ['BUY', 'SELL', 'HOLD'][plan.length % 3];
      analysis.setDecision(decision);
      return decision;
    },
  );
  process.stdout.write(`${ticker}: ${decision}\n`);
}

process.stdout.write(`Metrics: ${telemetry.metricsUrl ?? '(not served: see the warning above)'}\n`);
await llm.close();
if (once) {
  await telemetry.shutdown();
} else {
  process.stdout.write('Serving metrics until Ctrl-C.\n');
  setInterval(() => {}, 1 << 30);
}
