import { log } from '../shared/safe.js';
import { HANDLER_NAME } from './handler.js';

interface HandlerLike {
  readonly name?: unknown;
}

interface ManagerLike {
  handlers?: HandlerLike[];
  addHandler?(handler: unknown, inherit?: boolean): void;
}

const hasOurs = (handlers: readonly HandlerLike[] | undefined): boolean =>
  Array.isArray(handlers) && handlers.some((h) => h?.name === HANDLER_NAME);

/**
 * Wraps `CallbackManager._configureSync`, through which every LangChain run builds its callback
 * manager, so that our handler is in it exactly once. The caller's array or manager is never
 * mutated: an array is replaced by a copy, and a manager is handled on the copy LangChain returns.
 */
export function wrapConfigureSync(
  original: (...args: unknown[]) => unknown,
  handler: () => unknown,
): (...args: unknown[]) => unknown {
  return function configureSyncWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    let ours: unknown;
    try {
      ours = handler();
      const inheritable = args[0];
      if (ours !== undefined && (inheritable === undefined || inheritable === null)) {
        args[0] = [ours];
      } else if (ours !== undefined && Array.isArray(inheritable) && !hasOurs(inheritable)) {
        args[0] = [...inheritable, ours];
      }
    } catch (error) {
      log.error('CallbackManager._configureSync patch failed', error);
    }
    const manager = original.apply(this, args) as ManagerLike | undefined;
    try {
      if (
        ours !== undefined &&
        manager &&
        !hasOurs(manager.handlers) &&
        typeof manager.addHandler === 'function'
      ) {
        manager.addHandler(ours, true);
      }
    } catch (error) {
      log.error('CallbackManager._configureSync patch failed', error);
    }
    return manager;
  };
}
