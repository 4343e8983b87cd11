/** What to do with each chunk and at the end of a stream. */
export interface ChunkObserver {
  onChunk(chunk: unknown): void;
  /** Called once: at the end, on an error, or when the consumer stops early. */
  onEnd(error?: unknown): void;
}

type IteratorMethod = (...args: unknown[]) => Promise<IteratorResult<unknown>>;

interface GeneratorLike {
  next?: IteratorMethod;
  return?: IteratorMethod;
  throw?: IteratorMethod;
}

/** True for an async generator (anything with `next` and `Symbol.asyncIterator`). */
export function isAsyncIterator(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as GeneratorLike).next === 'function' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * Observes the SDK's async generator without replacing it: its `next`, `return` and `throw` are
 * shadowed by instance properties that call the prototype's methods and watch the results. The
 * caller keeps the very same object (same class, `for await` unchanged); chunks, errors and early
 * `break`s reach it unchanged.
 */
export function observeGenerator(generator: unknown, observer: ChunkObserver): void {
  const g = generator as GeneratorLike;
  let ended = false;
  const end = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    observer.onEnd(error);
  };
  const watch = (original: IteratorMethod, onDone: (r: IteratorResult<unknown>) => void): IteratorMethod =>
    function observed(this: unknown, ...args: unknown[]): Promise<IteratorResult<unknown>> {
      return original.apply(this, args).then(
        (r) => {
          onDone(r);
          return r;
        },
        (error: unknown) => {
          end(error);
          throw error;
        },
      );
    };
  const { next, return: ret, throw: thr } = g;
  if (typeof next !== 'function') {
    end();
    return;
  }
  g.next = watch(next, (r) => (r.done ? end() : observer.onChunk(r.value)));
  if (typeof ret === 'function') g.return = watch(ret, () => end());
  if (typeof thr === 'function') g.throw = watch(thr, (r) => (r.done ? end() : observer.onChunk(r.value)));
}
