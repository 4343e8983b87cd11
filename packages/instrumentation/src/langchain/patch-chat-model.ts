import { context } from '@opentelemetry/api';
import { markLangChainModelCall } from '../shared/model-call-context.js';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Wraps `BaseChatModel.prototype._generateUncached` (invoke, batch, generate) so that the provider
 * SDK call inside runs in a context marked "recorded by LangChain": the OpenAI patch then skips it,
 * and a `ChatOpenAI` call yields one generation and one cost.
 */
export function wrapGenerate(original: AnyFn): AnyFn {
  return function generateInMarkedContext(this: unknown, ...args: unknown[]): unknown {
    return context.with(markLangChainModelCall(context.active()), original, this, ...args);
  };
}

/**
 * Wraps `BaseChatModel.prototype._streamIterator` (`.stream()`): an async generator resumes in the
 * context of each `next()` call, so every step runs in the marked context. The generator returned
 * is the original one; only its steps are entered through the marked context.
 */
export function wrapStreamIterator(original: AnyFn): AnyFn {
  return function streamInMarkedContext(this: unknown, ...args: unknown[]): unknown {
    const ctx = markLangChainModelCall(context.active());
    const iterator = context.with(ctx, () => original.apply(this, args)) as AsyncGenerator<unknown>;
    if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function')
      return iterator;
    const bound = {
      next: (...a: [] | [unknown]) => context.with(ctx, () => iterator.next(...a)),
      return: (value: unknown) => context.with(ctx, () => iterator.return(value)),
      throw: (error: unknown) => context.with(ctx, () => iterator.throw(error)),
      [Symbol.asyncIterator]() {
        return bound;
      },
    } as AsyncGenerator<unknown>;
    return bound;
  };
}
