import type { PipelineState } from './agents/turns.js';

/** One analysis, as a pipeline runs it. */
export interface PipelineInput {
  readonly ticker: string;
  readonly tradeDate: string;
  readonly rounds: number;
  /** The analysis id, sent as the requests' end-user field (the embedded server's failure injection keys on it). */
  readonly user: string;
}

/** Token counts of one analysis, added up by the pipeline (app bookkeeping for the stored row, not telemetry). */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
}

export interface PipelineHooks {
  readonly usage: UsageTotals;
  /** Receives a line as each agent finishes; omit for silence. */
  readonly print?: (line: string) => void;
}

/**
 * Runs the agents of one analysis on one framework (LangGraph, the AI SDK or the Agents SDK) and
 * resolves with the final state; rejects when an agent fails.
 */
export type Pipeline = (input: PipelineInput, hooks: PipelineHooks) => Promise<PipelineState>;

/** The progress line of an agent that finished (or failed) after `ms`. */
export function progressLine(ticker: string, agent: string, ms: number | 'FAILED'): string {
  return `  [${ticker}] ${agent.padEnd(20)} ${ms === 'FAILED' ? 'FAILED' : `done in ${Math.round(ms)} ms`}`;
}
