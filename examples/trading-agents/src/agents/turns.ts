import { reportsSection, taskLine } from './prompts.js';
import type { AnalystId, RoleId } from './roles.js';

/** One turn of a debate. */
export interface DebateTurn {
  readonly speaker: RoleId;
  readonly text: string;
}

/** What the agents read: the pipeline's state, whichever framework runs it. */
export interface PipelineState {
  readonly ticker: string;
  readonly tradeDate: string;
  /** Rounds of each debate. */
  readonly rounds: number;
  readonly reports: Readonly<Partial<Record<AnalystId, string>>>;
  readonly investmentDebate: readonly DebateTurn[];
  readonly investmentPlan: string;
  readonly traderPlan: string;
  readonly riskDebate: readonly DebateTurn[];
  readonly finalDecision: string;
}

export type Debate = 'investmentDebate' | 'riskDebate';
export type DeciderId = 'research_manager' | 'trader' | 'portfolio_manager';

export function transcript(turns: readonly DebateTurn[]): string {
  return turns.map((t) => `[${t.speaker}] ${t.text}`).join('\n');
}

/** An analyst's task: the ticker and date; its tools find the rest. */
export function analystTask(state: PipelineState): string {
  return `${taskLine(state.ticker, state.tradeDate)}\nWrite your report.`;
}

/** A debater's task: the reports (and the trader's plan, in the risk debate) and the debate so far. */
export function debaterTask(state: PipelineState, debate: Debate): string {
  const context =
    debate === 'investmentDebate'
      ? reportsSection(state.reports)
      : `${reportsSection(state.reports)}\n\n## Trader plan\n${state.traderPlan}`;
  return `${taskLine(state.ticker, state.tradeDate)}\n\n${context}\n\n## Debate so far\n${transcript(state[debate]) || '(you open the debate)'}`;
}

/** A decision maker's task: the reports and what came before its decision. */
export function deciderTask(role: DeciderId, state: PipelineState): string {
  const sections = [reportsSection(state.reports)];
  if (role === 'research_manager')
    sections.push(`## Bull/bear debate\n${transcript(state.investmentDebate)}`);
  if (role === 'trader') sections.push(`## Investment plan\n${state.investmentPlan}`);
  if (role === 'portfolio_manager') {
    sections.push(`## Trader plan\n${state.traderPlan}`, `## Risk debate\n${transcript(state.riskDebate)}`);
  }
  return `${taskLine(state.ticker, state.tradeDate)}\n\n${sections.join('\n\n')}`;
}

export const turnsBy = (turns: readonly DebateTurn[], speaker: RoleId): number =>
  turns.filter((t) => t.speaker === speaker).length;
