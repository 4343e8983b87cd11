import {
  recordFeedback,
  recordTradeOutcome,
  setQueueLength,
  trackAgent,
  trackAnalysis,
  trackLlmCall,
  trackTool,
  trackWorkflow,
} from '../../src/index.js';

/** Usage per call, shaped like an OpenAI chat completion's `usage`. */
export const USAGE = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  prompt_tokens_details: { cached_tokens: 200 },
  completion_tokens_details: { reasoning_tokens: 50 },
};

/** A small TradingAgents-shaped workload: agents with LLM calls and tools inside analyses. */
export async function runWorkload(
  tickers: readonly string[],
  options: { failTicker?: string } = {},
): Promise<void> {
  setQueueLength(tickers.length);
  for (const [i, ticker] of tickers.entries()) {
    setQueueLength(tickers.length - i - 1);
    try {
      await trackAnalysis(
        { ticker, tradeDate: '2026-11-20', sessionId: 'session-1', userId: 'user-1', tags: ['test'] },
        async (analysis) => {
          await Promise.all(
            ['market_analyst', 'news_analyst'].map((agent) =>
              trackAgent(agent, async () => {
                await trackTool('get_price_history', async () => [1, 2, 3], { ticker });
                await trackLlmCall(
                  { model: 'gpt-4o-mini', input: [{ role: 'user', content: `analyse ${ticker}` }] },
                  async (generation) => {
                    generation.setUsage(USAGE);
                    generation.setResponse({
                      model: 'gpt-4o-mini-2024-07-18',
                      id: `resp-${ticker}-${agent}`,
                    });
                    generation.setOutput('report');
                  },
                );
              }),
            ),
          );
          await trackAgent('trader', () =>
            trackLlmCall({ model: 'o4-mini' }, async (generation) => {
              generation.setUsage({ input: 500, output: 120, reasoning: 60 });
            }),
          );
          if (ticker === options.failTicker) {
            await trackAgent('risk_manager', async () => {
              await trackLlmCall({ model: 'gpt-4o-mini' }, async () => {
                throw new Error('provider 500');
              });
            });
          }
          analysis.setDecision(ticker.length % 2 === 0 ? 'BUY' : 'HOLD');
        },
      );
    } catch {
      // The failing analysis rethrows to the app: expected.
    }
  }
  recordTradeOutcome('win');
  recordTradeOutcome('loss');
  recordFeedback(0.75);
}

/**
 * Workflow runs outside any analysis: `support_bot` twice (a failing tool inside, then a rejected
 * run), and `nightly_digest` around a nested `support_bot` run, each with one gpt-4o-mini call of
 * {@link USAGE} where a call is made.
 */
export async function runWorkflowWorkload(): Promise<void> {
  const call = () =>
    trackLlmCall({ model: 'gpt-4o-mini' }, async (generation) => {
      generation.setUsage(USAGE);
    });
  await trackWorkflow('support_bot', () =>
    trackAgent('responder', async () => {
      await trackTool('search_kb', async () => {
        throw new RangeError('kb down');
      }).catch(() => undefined);
      await call();
    }),
  );
  await trackWorkflow('support_bot', async () => {
    throw new TypeError('bad input');
  }).catch(() => undefined);
  await trackWorkflow('nightly_digest', () => trackWorkflow('support_bot', call));
}
