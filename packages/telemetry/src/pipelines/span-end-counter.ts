import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Counts the spans that end (all of them, ours and other instrumentations'). */
export class SpanEndCounter implements SpanProcessor {
  private count = 0;

  /** Spans ended so far. */
  get ended(): number {
    return this.count;
  }

  onStart(): void {}

  onEnd(_span: ReadableSpan): void {
    this.count++;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** At most this many flush rounds (a process that never stops ending spans still exits). */
const MAX_ROUNDS = 20;

/**
 * Flushes until a flush completes with no new span ended while it ran: on a signal or at exit, work
 * may still be ending spans while we flush. Bounded by {@link MAX_ROUNDS} (and by the caller's timeout).
 */
export async function flushUntilQuiet(flush: () => Promise<void>, spans: SpanEndCounter): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = spans.ended;
    await flush();
    if (spans.ended === before) return;
  }
}
