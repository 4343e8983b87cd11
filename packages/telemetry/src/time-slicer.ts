/** Time a slice of scrape work may run before it yields to the event loop. @default 2 ms */
export const SLICE_BUDGET_MS = 2;

/**
 * Cuts a long synchronous job (collecting and writing a large exposition) into slices: the job
 * asks {@link due} between units of work and awaits {@link pause} when the slice's budget is
 * spent, which lets timers and I/O of the app run (a `setImmediate` turn) before the next slice.
 */
export class TimeSlicer {
  private deadline: number;

  constructor(private readonly budgetMs: number = SLICE_BUDGET_MS) {
    this.deadline = performance.now() + budgetMs;
  }

  /** True when this slice's budget is spent. */
  due(): boolean {
    return performance.now() >= this.deadline;
  }

  /** Yields one event-loop turn, then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.deadline = performance.now() + this.budgetMs;
  }
}
