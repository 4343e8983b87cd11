import { InstrumentationBase, type InstrumentationConfig, isWrapped } from '@opentelemetry/instrumentation';

type AnyFn = (...args: unknown[]) => unknown;

/** Marks functions we wrapped, so that a second patch of the same class unwraps ours, never another tool's. */
const OURS = Symbol.for('@tradingagents/instrumentation.wrapped');

/** Whether `fn` is a wrapper of ours. */
export function isOurs(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[OURS] === true;
}

/**
 * The base of our instrumentations: `InstrumentationBase` plus wrap-once helpers that never stack
 * our wrappers and never remove another tool's.
 */
export abstract class OursInstrumentationBase<
  Config extends InstrumentationConfig = InstrumentationConfig,
> extends InstrumentationBase<Config> {
  /**
   * Wraps `target[name]` with `wrapper`, once: a wrapper of ours already there (a second patch of the
   * same class, e.g. after a re-attach) is replaced, never stacked; a wrapper of another tool is kept
   * underneath ours.
   */
  protected wrapOurs(target: object, name: string, wrapper: (original: AnyFn) => AnyFn): void {
    this.unwrapOurs(target, name);
    this._wrap(
      target as never,
      name as never,
      ((original: AnyFn) => {
        const wrapped = wrapper(original);
        (wrapped as unknown as Record<symbol, unknown>)[OURS] = true;
        return wrapped;
      }) as never,
    );
  }

  /** Removes our wrapper of `target[name]`, if it is ours (another tool's wrapper stays). */
  protected unwrapOurs(target: object, name: string): void {
    const fn = (target as Record<string, unknown>)[name];
    if (isOurs(fn) && isWrapped(fn)) this._unwrap(target as never, name as never);
  }
}
