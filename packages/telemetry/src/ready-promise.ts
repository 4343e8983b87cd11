/** A promise whose derived promises are plain ones. */
class AwaitedPromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
}

/**
 * `handle.ready`: settles with `settled`, and calls `onAwait` when the app awaits it (or calls
 * `then`). An app that wants its own OTel API spans to go through our providers from the start awaits
 * it; one that starts its own SDK after our call does not, and keeps its globals.
 */
export function readyPromise(settled: Promise<void>, onAwait: () => void): Promise<void> {
  // Not a plain Promise: `await` on a native promise never looks up `then`, on a subclass it does.
  const ready = new AwaitedPromise<void>((resolve) => {
    void settled.then(() => resolve());
  });
  Reflect.defineProperty(ready, 'then', {
    value: (...args: Parameters<Promise<void>['then']>) => {
      onAwait();
      return Promise.prototype.then.apply(ready, args);
    },
  });
  return ready;
}
