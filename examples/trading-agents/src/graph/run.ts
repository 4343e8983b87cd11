import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { RoleId } from '../agents/roles.js';
import type { Pipeline } from '../pipeline.js';
import { ProgressHandler } from '../progress.js';
import type { DemoTools } from '../tools.js';
import { UsageCollector } from '../usage.js';
import { buildTradingGraph } from './build.js';

/**
 * The LangGraph pipeline: one compiled graph per analysis, whose nodes call `chatModel` (a LangChain
 * chat model of the provider, tagged with the analysis as its end user).
 */
export function langGraphPipeline(
  chatModel: (options: { user: string; role: RoleId }) => BaseChatModel,
  tools: DemoTools,
): Pipeline {
  return async (input, hooks) => {
    const graph = buildTradingGraph({ tools, model: (role) => chatModel({ user: input.user, role }) });
    const usage = new UsageCollector(hooks.usage);
    return graph.invoke(
      { ticker: input.ticker, tradeDate: input.tradeDate, rounds: input.rounds },
      { callbacks: hooks.print ? [usage, new ProgressHandler(input.ticker, hooks.print)] : [usage] },
    );
  };
}
