import { log } from '../shared/safe.js';
import { HANDLER_NAME, type TradingAgentsCallbackHandler } from './handler.js';

/** The `name` of `@langfuse/langchain`'s `CallbackHandler` (v3 to v5). */
const LANGFUSE_HANDLER_NAME = 'LangfuseCallbackHandler';

interface HandlerLike {
  readonly name?: unknown;
  readonly metricsOnly?: unknown;
}

interface ManagerLike {
  handlers?: HandlerLike[];
  addHandler?(handler: unknown, inherit?: boolean): void;
  removeHandler?(handler: unknown): void;
}

/** What a pass over handler lists finds, as bit flags (no allocation per run). */
const OURS = 1;
const OURS_QUIET = 2;
const LANGFUSE = 4;

function scan(handlers: unknown, found = 0): number {
  if (!Array.isArray(handlers)) return found;
  for (const h of handlers as HandlerLike[]) {
    const name = h?.name;
    if (name === HANDLER_NAME) found |= h.metricsOnly === true ? OURS_QUIET : OURS;
    else if (name === LANGFUSE_HANDLER_NAME) found |= LANGFUSE;
  }
  return found;
}

/**
 * Wraps `CallbackManager._configureSync`, through which every LangChain run builds its callback
 * manager, so that our handler is in it exactly once. Where Langfuse's own LangChain handler is in
 * the manager too, ours is its metrics-only view: Langfuse then gets each run once (from its
 * handler), `/metrics` still counts it. The caller's array or manager is never mutated: an array is
 * replaced by a copy, and a manager is handled on the copy LangChain returns.
 */
export function wrapConfigureSync(
  original: (...args: unknown[]) => unknown,
  handler: () => TradingAgentsCallbackHandler | undefined,
): (...args: unknown[]) => unknown {
  return function configureSyncWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    let ours: TradingAgentsCallbackHandler | undefined;
    try {
      ours = handler();
      const inheritable = args[0];
      if (ours !== undefined && (inheritable === undefined || inheritable === null)) {
        args[0] = [ours];
      } else if (ours !== undefined && Array.isArray(inheritable)) {
        const found = scan(args[1], scan(inheritable));
        if ((found & (OURS | OURS_QUIET)) === 0) {
          args[0] = [...inheritable, found & LANGFUSE ? ours.quiet() : ours];
        }
      }
    } catch (error) {
      log.error('CallbackManager._configureSync patch failed', error);
    }
    const manager = original.apply(this, args) as ManagerLike | undefined;
    try {
      if (ours !== undefined && manager && typeof manager.addHandler === 'function') {
        const found = scan(manager.handlers);
        if ((found & (OURS | OURS_QUIET)) === 0) {
          manager.addHandler(found & LANGFUSE ? ours.quiet() : ours, true);
        } else if (found === (OURS | LANGFUSE) && typeof manager.removeHandler === 'function') {
          // Langfuse's handler joined below a run we trace: from here down, metrics only.
          manager.removeHandler(ours);
          manager.addHandler(ours.quiet(), true);
        }
      }
    } catch (error) {
      log.error('CallbackManager._configureSync patch failed', error);
    }
    return manager;
  };
}
