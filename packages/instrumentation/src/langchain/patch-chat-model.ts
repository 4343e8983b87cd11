import { context } from '@opentelemetry/api';
import { markLangChainModelCall, type StreamRunToken } from '../shared/model-call-context.js';
import { log } from '../shared/safe.js';

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

/** Tells the handler that the consumer stopped the stream, once `return()` has let LangChain clean up. */
function notifyStopped(token: StreamRunToken): void {
  const { runId, listener } = token;
  token.listener = undefined;
  if (runId === undefined || listener === undefined) return;
  try {
    listener.endStoppedStream(runId);
  } catch (error) {
    log.error('ending a stopped stream failed', error);
  }
}

/**
 * Wraps `BaseChatModel.prototype._streamIterator` (`.stream()`): an async generator resumes in the
 * context of each `next()` call, so every step runs in the marked context. The generator returned
 * is the original one; only its steps are entered through the marked context. The context carries a
 * {@link StreamRunToken}: when the consumer stops early (`return()`), LangChain never reports the
 * end of the model run, so the run the handler registered on the token is ended here.
 */
export function wrapStreamIterator(original: AnyFn): AnyFn {
  return function streamInMarkedContext(this: unknown, ...args: unknown[]): unknown {
    const token: StreamRunToken = { runId: undefined, listener: undefined };
    const ctx = markLangChainModelCall(context.active(), token);
    const iterator = context.with(ctx, () => original.apply(this, args)) as AsyncGenerator<unknown>;
    if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function')
      return iterator;
    const bound = {
      next: (...a: [] | [unknown]) => context.with(ctx, () => iterator.next(...a)),
      return: (value: unknown) => {
        const returned = context.with(ctx, () => iterator.return(value));
        // After LangChain's own cleanup (a version that ends the run itself then wins); a run that
        // already ended is not found by the handler, so this is a no-op for a finished stream.
        const stopped = () => notifyStopped(token);
        if (typeof returned?.then === 'function') returned.then(stopped, stopped);
        else stopped();
        return returned;
      },
      throw: (error: unknown) => context.with(ctx, () => iterator.throw(error)),
      [Symbol.asyncIterator]() {
        return bound;
      },
    } as AsyncGenerator<unknown>;
    return bound;
  };
}
