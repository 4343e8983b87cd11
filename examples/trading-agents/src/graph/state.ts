import { Annotation } from '@langchain/langgraph';
import type { AnalystId } from '../agents/roles.js';
import type { DebateTurn } from '../agents/turns.js';

export type { DebateTurn };

const concat = <T>(left: readonly T[], right: readonly T[]): T[] => [...left, ...right];

/** The graph state: what each agent reads and writes. */
export const TradingState = Annotation.Root({
  ticker: Annotation<string>,
  tradeDate: Annotation<string>,
  /** Rounds of each debate. */
  rounds: Annotation<number>,
  /** The analysts' reports; the four analysts write concurrently, so the reducer merges. */
  reports: Annotation<Partial<Record<AnalystId, string>>>({
    reducer: (left, right) => ({ ...left, ...right }),
    default: () => ({}),
  }),
  investmentDebate: Annotation<DebateTurn[]>({ reducer: concat, default: () => [] }),
  investmentPlan: Annotation<string>,
  traderPlan: Annotation<string>,
  riskDebate: Annotation<DebateTurn[]>({ reducer: concat, default: () => [] }),
  finalDecision: Annotation<string>,
});

export type TradingStateType = typeof TradingState.State;
export type TradingStateUpdate = typeof TradingState.Update;
