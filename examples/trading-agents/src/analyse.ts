import {
  type AnalysisScope,
  recordFeedback,
  recordTradeOutcome,
  trackAnalysis,
} from '@tradingagents/telemetry';
import type { MarketData } from './data.js';
import type { LlmEndpoint } from './llm/endpoint.js';
import {
  checkOutcome,
  type Decision,
  feedbackScore,
  type Outcome,
  parseConfidence,
  parseDecision,
} from './outcome.js';
import type { UsageTotals } from './pipeline.js';

/** One analysis to run. */
export interface AnalysisJob {
  /** Unique within the process, e.g. `run-1a2b-3`. */
  readonly id: string;
  readonly ticker: string;
  readonly tradeDate: string;
  /** Make the embedded LLM fail this analysis (failure injection). */
  readonly inject: boolean;
}

export interface AnalysisContext {
  readonly data: MarketData;
  readonly endpoint: LlmEndpoint;
  readonly rounds: number;
  readonly sessionId: string;
  readonly userId: string;
  /** Receives progress lines; omit for silence. */
  readonly print?: (line: string) => void;
}

export interface AnalysisResult {
  readonly job: AnalysisJob;
  readonly status: 'success' | 'error';
  readonly decision?: Decision;
  readonly confidence?: number;
  readonly outcome?: Outcome;
  /** Close-to-close change over the outcome horizon. */
  readonly change?: number;
  readonly feedback?: number;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly durationMs: number;
  readonly error?: string;
}

/**
 * Runs the pipeline for one ticker inside `trackAnalysis`, records the decision, then checks the
 * outcome against later prices and records it with a feedback score. Never throws: a failed
 * analysis comes back with `status: 'error'`.
 */
export async function runAnalysis(context: AnalysisContext, job: AnalysisJob): Promise<AnalysisResult> {
  if (job.inject) context.endpoint.failAnalysis(job.id);
  const usage: UsageTotals = { inputTokens: 0, outputTokens: 0 };
  const started = performance.now();
  let scope: AnalysisScope | undefined;
  const base = () => ({
    job,
    costUsd: scope?.costUsd ?? 0,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    durationMs: performance.now() - started,
  });
  try {
    const { decision, confidence } = await trackAnalysis(
      {
        ticker: job.ticker,
        tradeDate: job.tradeDate,
        sessionId: context.sessionId,
        userId: context.userId,
        tags: ['trading-agents-demo', context.endpoint.kind],
        metadata: { analysisId: job.id, rounds: context.rounds },
      },
      async (analysis) => {
        scope = analysis;
        const state = await context.endpoint.runPipeline(
          { ticker: job.ticker, tradeDate: job.tradeDate, rounds: context.rounds, user: job.id },
          { usage, print: context.print },
        );
        const decision = parseDecision(state.finalDecision);
        analysis.setDecision(decision);
        analysis.setOutput({ decision, finalDecision: state.finalDecision });
        return { decision, confidence: parseConfidence(state.finalDecision) };
      },
    );
    const checked = checkOutcome(context.data, job.ticker, job.tradeDate, decision);
    if (checked !== undefined) recordTradeOutcome(checked.outcome);
    const feedback = feedbackScore(checked?.outcome, confidence);
    recordFeedback(feedback);
    return {
      ...base(),
      status: 'success',
      decision,
      confidence,
      outcome: checked?.outcome,
      change: checked?.change,
      feedback,
    };
  } catch (error) {
    return { ...base(), status: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}
