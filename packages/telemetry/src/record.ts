import { log } from './diag-logger.js';
import { getRuntime } from './global.js';

/** Records a final trade decision: `BUY`, `SELL` or `HOLD` (anything else counts as `OTHER`). */
export function recordTradeDecision(decision: string): void {
  const runtime = getRuntime();
  runtime?.guard('record', () => runtime.recorder.tradeDecision(decision));
}

/** Records a checked outcome of a past decision: `win`, `loss` or `flat` (feeds the win rate). */
export function recordTradeOutcome(outcome: 'win' | 'loss' | 'flat'): void {
  const runtime = getRuntime();
  runtime?.guard('record', () => runtime.recorder.tradeOutcome(outcome));
}

/** Records a user feedback score from 0 (worst) to 1 (best). Out-of-range values are dropped with a warning. */
export function recordFeedback(score: number): void {
  const runtime = getRuntime();
  if (!runtime) return;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    log.warn('@tradingagents/telemetry: recordFeedback expects a score from 0 to 1; value dropped.');
    return;
  }
  runtime.guard('record', () => runtime.recorder.feedback(score));
}

/** Sets the number of analyses waiting in the app's queue. */
export function setQueueLength(length: number): void {
  const runtime = getRuntime();
  runtime?.guard('record', () => runtime.recorder.setQueueLength(length));
}
