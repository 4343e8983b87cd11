import { log } from '../diag-logger.js';

/** Awaits `work`, logging (never throwing) its failure: flush and shutdown never reject. */
export async function settle(label: string, work: Promise<unknown> | undefined): Promise<void> {
  try {
    await work;
  } catch (error) {
    log.error(`@tradingagents/telemetry: ${label} failed`, error);
  }
}
