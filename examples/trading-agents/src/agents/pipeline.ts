import type { PipelineHooks, PipelineInput } from '../pipeline.js';
import { progressLine } from '../pipeline.js';
import type { AnyToolSpec } from '../tools.js';
import { systemPrompt } from './prompts.js';
import { ANALYST_IDS, type AnalystId, type RoleId } from './roles.js';
import {
  analystTask,
  type Debate,
  type DebateTurn,
  debaterTask,
  deciderTask,
  type PipelineState,
} from './turns.js';

/** An analyst may ask for tools this many times before it must report. */
export const MAX_TOOL_ROUNDS = 3;

/** One agent turn, as a framework runs it. */
export interface AgentTurn {
  readonly role: RoleId;
  readonly system: string;
  readonly task: string;
  /** The analyst's tools; the model calls them (at most {@link MAX_TOOL_ROUNDS} rounds) before it answers. */
  readonly tools?: readonly AnyToolSpec[];
  /** Stream the answer, as a chat UI shows a debate. */
  readonly stream?: boolean;
}

/** Runs one agent's turn on a framework; resolves with its answer and adds its tokens to `hooks.usage`. */
export type AgentRunner = (turn: AgentTurn, input: PipelineInput, hooks: PipelineHooks) => Promise<string>;

const RESEARCHERS = ['bull_researcher', 'bear_researcher'] as const;
const RISK_ANALYSTS = ['aggressive_analyst', 'conservative_analyst', 'neutral_analyst'] as const;

/**
 * The TradingAgents pipeline in plain TypeScript, for frameworks that run agents rather than graphs
 * (the AI SDK, the Agents SDK): the same stages, prompts and tools as the LangGraph one (graph/build.ts),
 * each agent one `runner` call named after its role: four analysts in parallel, the bull/bear
 * debate, the research manager, the trader, the risk debate and the portfolio manager.
 */
export async function runAgentPipeline(
  runner: AgentRunner,
  toolsOf: (role: AnalystId) => readonly AnyToolSpec[],
  input: PipelineInput,
  hooks: PipelineHooks,
): Promise<PipelineState> {
  let state: PipelineState = {
    ticker: input.ticker,
    tradeDate: input.tradeDate,
    rounds: input.rounds,
    reports: {},
    investmentDebate: [],
    investmentPlan: '',
    traderPlan: '',
    riskDebate: [],
    finalDecision: '',
  };
  const turn = async (role: RoleId, task: string, options: Partial<AgentTurn> = {}): Promise<string> => {
    const started = performance.now();
    try {
      const text = await runner({ role, system: systemPrompt(role), task, ...options }, input, hooks);
      hooks.print?.(progressLine(input.ticker, role, performance.now() - started));
      return text;
    } catch (error) {
      hooks.print?.(progressLine(input.ticker, role, 'FAILED'));
      throw error;
    }
  };
  const debate = async (speakers: readonly RoleId[], which: Debate): Promise<void> => {
    for (let round = 0; round < input.rounds; round++) {
      for (const speaker of speakers) {
        const text = await turn(speaker, debaterTask(state, which), { stream: true });
        const turns: DebateTurn[] = [...state[which], { speaker, text }];
        state = { ...state, [which]: turns };
      }
    }
  };

  const analysts = await Promise.all(
    ANALYST_IDS.map(async (id) => [id, await turn(id, analystTask(state), { tools: toolsOf(id) })] as const),
  );
  state = { ...state, reports: Object.fromEntries(analysts) };
  await debate(RESEARCHERS, 'investmentDebate');
  state = {
    ...state,
    investmentPlan: await turn('research_manager', deciderTask('research_manager', state)),
  };
  state = { ...state, traderPlan: await turn('trader', deciderTask('trader', state)) };
  await debate(RISK_ANALYSTS, 'riskDebate');
  return {
    ...state,
    finalDecision: await turn('portfolio_manager', deciderTask('portfolio_manager', state)),
  };
}
