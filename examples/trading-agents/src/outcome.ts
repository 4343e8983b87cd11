import type { MarketData } from './data.js';

export type Decision = 'BUY' | 'SELL' | 'HOLD';
export type Outcome = 'win' | 'loss' | 'flat';

/** Trading days after the trade date at which a decision is checked. */
export const HORIZON_DAYS = 5;
/** Moves within ±0.5% count as flat. */
export const FLAT_BAND = 0.005;

/** The final decision in a portfolio manager's answer: the `FINAL TRANSACTION PROPOSAL`, else the last BUY/SELL/HOLD. */
export function parseDecision(text: string): Decision {
  const proposal = /FINAL TRANSACTION PROPOSAL:\s*\**\s*(BUY|SELL|HOLD)\b/i.exec(text);
  if (proposal) return proposal[1].toUpperCase() as Decision;
  const words = [...text.matchAll(/\b(BUY|SELL|HOLD)\b/g)];
  return (words[words.length - 1]?.[1] as Decision | undefined) ?? 'HOLD';
}

/** The `Confidence: 0.7` line of an answer, clamped to 0..1; 0.5 without one. */
export function parseConfidence(text: string): number {
  const match = /Confidence:\s*([01](?:\.\d+)?)/i.exec(text);
  const value = match ? Number(match[1]) : 0.5;
  return Math.max(0, Math.min(1, value));
}

export interface CheckedOutcome {
  readonly outcome: Outcome;
  /** Close-to-close return over the horizon. */
  readonly change: number;
}

/**
 * Checks a decision against the close {@link HORIZON_DAYS} trading days later:
 * - BUY wins when the price rose more than 0.5%, loses when it fell more than 0.5%, else flat;
 * - SELL wins when it fell more than 0.5%, loses when it rose more than 0.5%, else flat;
 * - HOLD wins when the price stayed within ±0.5%, else flat (no position, nothing lost).
 * Returns `undefined` when the data ends before the horizon (the outcome is not known yet).
 */
export function checkOutcome(
  data: MarketData,
  ticker: string,
  tradeDate: string,
  decision: Decision,
): CheckedOutcome | undefined {
  const index = data.indexOn(ticker, tradeDate);
  const later = data.barAfter(ticker, tradeDate, HORIZON_DAYS);
  if (index < 0 || later === undefined) return undefined;
  const change = later[4] / data.ticker(ticker).prices[index][4] - 1;
  const up = change > FLAT_BAND;
  const down = change < -FLAT_BAND;
  let outcome: Outcome;
  if (decision === 'BUY') outcome = up ? 'win' : down ? 'loss' : 'flat';
  else if (decision === 'SELL') outcome = down ? 'win' : up ? 'loss' : 'flat';
  else outcome = !up && !down ? 'win' : 'flat';
  return { outcome, change };
}

/**
 * A deterministic stand-in for a user's rating (0..1): confident wins score high, confident losses
 * low; flat and unchecked outcomes score 0.5.
 */
export function feedbackScore(outcome: Outcome | undefined, confidence: number): number {
  if (outcome === 'win') return 0.6 + 0.4 * confidence;
  if (outcome === 'loss') return 0.4 - 0.4 * confidence;
  return 0.5;
}
