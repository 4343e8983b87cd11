import { type Context, context } from '@opentelemetry/api';
import { log } from '../shared/safe.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  try {
    return (
      value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Runs `fn` in `ctx` and calls `end` when it returns, throws or (for a promise) settles. The value
 * returned or thrown is the caller's own, unchanged: the same promise object is returned and
 * observed from the side. `onValue` sees a successful result before `end`.
 */
export function runInScope<T>(
  ctx: Context,
  end: (error?: unknown) => void,
  fn: () => T,
  onValue?: (value: unknown) => void,
): T {
  let result: T;
  try {
    result = context.with(ctx, fn);
  } catch (error) {
    end(error);
    throw error;
  }
  const settle = (value: unknown): void => {
    try {
      onValue?.(value);
    } catch (error) {
      // Never the caller's problem (nor an unhandled rejection of the observing promise).
      log.error('recording a result failed', error);
    }
    end();
  };
  if (isThenable(result)) {
    try {
      result.then(settle, (error: unknown) => end(error ?? new Error('rejected')));
    } catch (error) {
      end(error);
    }
  } else {
    settle(result);
  }
  return result;
}
