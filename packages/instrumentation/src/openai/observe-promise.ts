import { isThenable } from '@tradingagents/telemetry/instrumentation-api';
import { log } from '../shared/safe.js';

type AnyFn = (...args: unknown[]) => unknown;

interface APIPromiseLike {
  parseResponse?: AnyFn;
  responsePromise?: PromiseLike<unknown>;
  then?: AnyFn;
}

/** What to do with the parsed result (a body or a `Stream`) or the error of one API call. */
export interface CallObserver {
  onResult(result: unknown): void;
  onError(error: unknown): void;
}

/**
 * Observes an OpenAI `APIPromise` from the side and returns nothing: the caller keeps the very same
 * object, with `withResponse()`, `asResponse()` and `_thenUnwrap()` intact. Parsing stays lazy: we
 * wrap the instance's `parseResponse`, which runs only when the caller awaits (so a caller that only
 * wants the raw `Response` still gets an unread body), and we watch `responsePromise` for failed
 * requests (429, 500 after retries, network errors). Objects of another shape are observed with a
 * plain `then`, which the promise's own callers share.
 */
export function observeAPIPromise(value: unknown, observer: CallObserver): void {
  const promise = value as APIPromiseLike;
  if (
    promise !== null &&
    typeof promise === 'object' &&
    typeof promise.parseResponse === 'function' &&
    isThenable(promise.responsePromise)
  ) {
    const original = promise.parseResponse;
    promise.parseResponse = function parseResponseObserved(this: unknown, ...args: unknown[]): unknown {
      let parsed: unknown;
      try {
        parsed = original.apply(this, args);
      } catch (error) {
        observer.onError(error);
        throw error;
      }
      if (isThenable(parsed)) parsed.then(observer.onResult, observer.onError);
      else observer.onResult(parsed);
      return parsed;
    };
    promise.responsePromise.then(undefined, observer.onError);
    return;
  }
  if (isThenable(value)) {
    value.then(observer.onResult, observer.onError);
    return;
  }
  log.debug('create() returned neither a promise nor an APIPromise; the call is not observed.');
  observer.onResult(value);
}
