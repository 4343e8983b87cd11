import { setTimeout as delay } from 'node:timers/promises';
import { trackAgent, trackAnalysis, trackLlmCall, trackTool } from '../../../src/index.js';

/** An error the app itself throws and handles: it must reach the app's own catch unchanged. */
export class ProviderError extends Error {
  override name = 'ProviderError';
}

export interface AppRun {
  /** What each analysis returned to the app, in order. */
  results: unknown[];
  /** Every call the app made to its (fake) tools and models, sorted. */
  calls: string[];
  /** Wall time of each analysis, in milliseconds. */
  latenciesMs: number[];
  totalMs: number;
}

const TICKERS = ['NVDA', 'AAPL', 'MSFT', 'TSLA', 'AMZN'];

/** A small deterministic checksum, so results depend on every input. */
function checksum(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + (c.codePointAt(0) ?? 0)) % 1_000_003;
  return h;
}

/**
 * A TradingAgents-shaped app: per analysis, two analysts in parallel (a tool call and an LLM call
 * each, with a few milliseconds of fake I/O), then a trader. Every 7th analysis one model call fails
 * with a `ProviderError` that the app catches itself. Returns exactly what the app saw.
 */
export async function runTradingApp(count: number): Promise<AppRun> {
  const results: unknown[] = [];
  const calls: string[] = [];
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const ticker = TICKERS[i % TICKERS.length] as string;
    const t0 = performance.now();
    const result = await trackAnalysis({ ticker, sessionId: 'fault-session' }, async (analysis) => {
      const reports = await Promise.all(
        ['market_analyst', 'news_analyst'].map((agent) =>
          trackAgent(agent, async () => {
            const prices = await trackTool(
              'get_price_history',
              async () => {
                calls.push(`tool ${agent} ${ticker} ${i}`);
                await delay(1);
                return [i, i + 1, i + 2];
              },
              { ticker },
            );
            try {
              return await trackLlmCall(
                { model: 'gpt-4o-mini', input: [{ role: 'user', content: `analyse ${ticker}` }] },
                async (generation) => {
                  calls.push(`llm ${agent} ${ticker} ${i}`);
                  await delay(2);
                  if (i % 7 === 3 && agent === 'news_analyst') throw new ProviderError(`provider 500 #${i}`);
                  generation.setUsage({ prompt_tokens: 1000 + i, completion_tokens: 100 });
                  return `${agent}:${ticker}:${checksum(prices.join(','))}`;
                },
              );
            } catch (error) {
              // The app's own error handling: it must see its own error, unchanged.
              return error instanceof ProviderError
                ? `fallback:${error.message}`
                : `unexpected:${String(error)}`;
            }
          }),
        ),
      );
      const decision = await trackAgent('trader', () =>
        trackLlmCall({ model: 'o4-mini' }, async (generation) => {
          calls.push(`llm trader ${ticker} ${i}`);
          await delay(1);
          generation.setUsage({ input: 500, output: 50, reasoning: 20 });
          return ['BUY', 'SELL', 'HOLD'][checksum(reports.join('|')) % 3] as string;
        }),
      );
      analysis.setDecision(decision);
      return { ticker, decision, reports };
    });
    latenciesMs.push(performance.now() - t0);
    results.push(result);
  }
  calls.sort();
  return { results, calls, latenciesMs, totalMs: performance.now() - started };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
