/** What to do with each streamed event and at the end of the stream. */
export interface StreamObserver {
  onChunk(chunk: unknown): void;
  /** Called once: at the end, on an error, or when the consumer stops early. */
  onEnd(error?: unknown): void;
}

interface StreamLike {
  iterator?: (...args: unknown[]) => AsyncIterator<unknown>;
}

/** True for the SDK's `Stream` (and anything else with its `iterator()` factory). */
export function isStream(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as StreamLike).iterator === 'function';
}

function observeIterator(iterator: AsyncIterator<unknown>, observer: StreamObserver): AsyncIterator<unknown> {
  let ended = false;
  const end = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    observer.onEnd(error);
  };
  const step = (result: Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown>> =>
    result.then(
      (r) => {
        if (r.done) end();
        else observer.onChunk(r.value);
        return r;
      },
      (error: unknown) => {
        end(error);
        throw error;
      },
    );
  const observed: AsyncIterableIterator<unknown> = {
    next: (...args: [] | [unknown]) => step(iterator.next(...args)),
    return: (value?: unknown) => {
      end();
      return iterator.return ? iterator.return(value) : Promise.resolve({ done: true, value });
    },
    throw: (error?: unknown) => {
      end(error);
      return iterator.throw ? iterator.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return observed;
    },
  };
  return observed;
}

/**
 * Observes the SDK's `Stream` without replacing it: its instance `iterator` factory, which
 * `for await`, `tee()` and `toReadableStream()` all go through, is wrapped so that each chunk is
 * seen as it passes. Chunks, errors and early `break`s reach the consumer unchanged.
 */
export function observeStream(stream: unknown, observer: StreamObserver): void {
  const s = stream as StreamLike;
  const original = s.iterator;
  if (typeof original !== 'function') {
    observer.onEnd();
    return;
  }
  s.iterator = function iteratorObserved(this: unknown, ...args: unknown[]): AsyncIterator<unknown> {
    return observeIterator(original.apply(this, args), observer);
  };
}
