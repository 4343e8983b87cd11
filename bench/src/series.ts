import { AGENTS, tickerName } from './labels.js';
import type { AgentEvent, AnalysisEvent, LlmEvent, Sink } from './sinks.js';

/** A large, realistic series set: 250 tickers × 2 statuses, 30 agents, 20 models (each agent on 2). */
export const SERIES_SET = { tickers: 250, agents: 30, models: 20, modelsPerAgent: 2 } as const;

const agentName = (i: number): string => AGENTS[i] ?? `agent_${i}`;
const modelName = (i: number): string => `model-${i.toString().padStart(2, '0')}`;

/** Records enough events into `sink` that every series of the set exists (same events for every sink). */
export function populateSeries(sink: Sink): void {
  const { tickers, agents, models, modelsPerAgent } = SERIES_SET;
  for (let t = 0; t < tickers; t++) {
    for (const ok of [true, false]) {
      const e: AnalysisEvent = {
        ticker: tickerName(t),
        ok,
        durationSeconds: 30 + t,
        costUsd: 0.01 * (t % 50),
      };
      sink.analysisEnded(e);
    }
  }
  for (let a = 0; a < agents; a++) {
    for (const ok of [true, false]) {
      const e: AgentEvent = { agentName: agentName(a), ok, durationSeconds: 1 + a };
      sink.agentEnded(e);
    }
    for (let k = 0; k < modelsPerAgent; k++) {
      const model = modelName((a * modelsPerAgent + k) % models);
      for (const ok of [true, false]) {
        const e: LlmEvent = {
          model,
          agentName: agentName(a),
          provider: 'openai',
          operation: 'chat',
          ok,
          errorType: ok ? undefined : 'RateLimitError',
          durationSeconds: 2.5,
          usage: { input: 1200, output: 300, cacheRead: 400, reasoning: 50 },
          costUsd: 0.002,
        };
        sink.llmCallEnded(e);
      }
    }
  }
}
