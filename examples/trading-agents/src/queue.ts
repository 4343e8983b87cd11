/**
 * A FIFO of async jobs with a concurrency limit. `onQueueLength` hears the number of waiting jobs
 * every time it changes (the app reports it as the queue-length metric).
 */
export class AsyncQueue {
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(
    private readonly concurrency: number,
    private readonly onQueueLength: (waiting: number) => void = () => {},
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError('concurrency must be an integer >= 1');
  }

  get length(): number {
    return this.waiting.length;
  }

  /** Runs `job` when a slot is free; resolves or rejects with its result. */
  async add<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      // Wait for a finishing job to hand its slot over (so no newcomer can jump the queue).
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.onQueueLength(this.waiting.length);
      });
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else {
        this.onQueueLength(this.waiting.length);
        next();
      }
    }
  }
}
