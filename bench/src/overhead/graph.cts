/**
 * The workload: a 3-node LangGraph graph (two analysts in parallel, then a trader); each node makes
 * one ChatOpenAI call and one tool call. Loaded with `require` only after the variant has set up its
 * instrumentation, so that require hooks see LangChain being loaded.
 */
import type { RunnableConfig } from '@langchain/core/runnables';

export interface Workload {
  /** Runs the graph once; `config` carries per-variant callbacks (Langfuse's handler). */
  runGraph(ticker: string, config?: RunnableConfig): Promise<string>;
  /** One bare LLM call outside any graph. */
  callLlm(prompt: string, config?: RunnableConfig): Promise<string>;
}

export const AGENT_STEPS = 3;
export const LLM_CALLS = 3;
export const TOOL_CALLS = 3;

export function createWorkload(openaiUrl: string): Workload {
  const { Annotation, END, START, StateGraph } =
    require('@langchain/langgraph') as typeof import('@langchain/langgraph');
  const { ChatOpenAI } = require('@langchain/openai') as typeof import('@langchain/openai');
  const { tool } = require('@langchain/core/tools') as typeof import('@langchain/core/tools');
  const { z } = require('zod') as typeof import('zod');

  const llm = new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'sk-bench',
    configuration: { baseURL: openaiUrl },
    maxRetries: 0,
  });
  const getQuote = tool(async ({ ticker }) => `${ticker}: 123.45 (+0.8%)`, {
    name: 'get_quote',
    description: 'Latest quote of a ticker.',
    schema: z.object({ ticker: z.string() }),
  });

  const State = Annotation.Root({
    ticker: Annotation<string>(),
    reports: Annotation<string[]>({ reducer: (a, b) => [...(a ?? []), ...b], default: () => [] }),
    decision: Annotation<string>(),
  });
  const analyst = (topic: string) => async (state: typeof State.State) => {
    const quote = await getQuote.invoke({ ticker: state.ticker });
    const reply = await llm.invoke(`Write the ${topic} report for ${state.ticker}. Quote: ${quote}`);
    return { reports: [String(reply.content)] };
  };
  const graph = new StateGraph(State)
    .addNode('market_analyst', analyst('market'))
    .addNode('news_analyst', analyst('news'))
    .addNode('trader', async (state) => {
      const quote = await getQuote.invoke({ ticker: state.ticker });
      const reply = await llm.invoke(`Decide BUY, SELL or HOLD on ${quote} from: ${state.reports.join(' ')}`);
      return { decision: String(reply.content) };
    })
    .addEdge(START, 'market_analyst')
    .addEdge(START, 'news_analyst')
    .addEdge('market_analyst', 'trader')
    .addEdge('news_analyst', 'trader')
    .addEdge('trader', END)
    .compile();

  return {
    async runGraph(ticker, config) {
      const result = await graph.invoke({ ticker }, config);
      return result.decision;
    },
    async callLlm(prompt, config) {
      return String((await llm.invoke(prompt, config)).content);
    },
  };
}
