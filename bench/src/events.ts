import { AGENTS, MODELS, pick, prng, tickerName } from './labels.js';
import type { AgentEvent, AnalysisEvent, LlmEvent } from './sinks.js';

/** Pre-generated events with a realistic mix: 95% successful analyses, 97% successful LLM calls. */
export function generateEvents(count: number, tickers: number, seed = 7) {
  const random = prng(seed);
  const analyses: AnalysisEvent[] = [];
  const agents: AgentEvent[] = [];
  const llmCalls: LlmEvent[] = [];
  for (let i = 0; i < count; i++) {
    analyses.push({
      ticker: tickerName(Math.floor(random() * tickers)),
      ok: random() > 0.05,
      durationSeconds: 5 + random() * 200,
      costUsd: random() * 0.5,
    });
    agents.push({ agentName: pick(AGENTS, random), ok: random() > 0.03, durationSeconds: random() * 60 });
    const ok = random() > 0.03;
    const input = 200 + Math.floor(random() * 4000);
    llmCalls.push({
      model: pick(MODELS, random),
      agentName: pick(AGENTS, random),
      provider: 'openai',
      operation: 'chat',
      ok,
      errorType: ok ? undefined : 'RateLimitError',
      durationSeconds: random() * 20,
      usage: {
        input,
        output: 20 + Math.floor(random() * 800),
        ...(random() < 0.3 ? { cacheRead: Math.floor(input / 2) } : {}),
      },
      costUsd: random() * 0.05,
    });
  }
  return { analyses, agents, llmCalls };
}
