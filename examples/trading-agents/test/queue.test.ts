import { describe, expect, it } from 'vitest';
import { injectFailure } from '../src/app.js';
import { AsyncQueue } from '../src/queue.js';

describe('AsyncQueue', () => {
  it('runs at most `concurrency` jobs, in order, and reports the waiting count', async () => {
    const lengths: number[] = [];
    const queue = new AsyncQueue(2, (n) => lengths.push(n));
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const job = (i: number) => async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => queue.add(job(i))));
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(lengths).toEqual([1, 2, 3, 2, 1, 0]);
    expect(queue.length).toBe(0);
  });

  it('keeps going after a job fails', async () => {
    const queue = new AsyncQueue(1);
    await expect(queue.add(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.add(async () => 'ok')).resolves.toBe('ok');
  });
});

describe('injectFailure', () => {
  it('fails exactly `rate` of the analyses, spread evenly', () => {
    const pick = (rate: number, n: number) => Array.from({ length: n }, (_, i) => injectFailure(i, rate));
    expect(pick(0, 4)).toEqual([false, false, false, false]);
    expect(pick(0.5, 4)).toEqual([false, true, false, true]);
    expect(pick(1, 3)).toEqual([true, true, true]);
    expect(pick(0.25, 100).filter(Boolean)).toHaveLength(25);
  });
});
