/**
 * Whether `value` is a promise-like we can observe. Reading `then` can throw (a revoked Proxy, a
 * throwing getter); such a value is not a promise we can observe, and the caller must get it back
 * unchanged rather than our TypeError (fault-injection fuzz).
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
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
