import * as nodeModule from 'node:module';
import { log } from '../shared/safe.js';

const INSTALLED = Symbol.for('@tradingagents/instrumentation.loader-hook');

/**
 * Registers the ESM loader hook (`dist/hook.js`) that announces the modules we patch as they load.
 * Once per process, whichever copy of this package comes first; `false` where `module.register`
 * is missing (Node < 20.6) or failed. Modules imported before this call are not seen by the hook:
 * {@link attachInstrumentations} finds those.
 */
export function registerLoaderHook(): boolean {
  const slot = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (slot[INSTALLED]) return true;
  const register = (nodeModule as { register?: (specifier: string, parent: string) => void }).register;
  if (typeof register !== 'function') return false;
  try {
    register('./hook.js', import.meta.url);
    slot[INSTALLED] = true;
    return true;
  } catch (error) {
    log.warn('could not register the ESM loader hook; ES modules imported later are not instrumented', error);
    return false;
  }
}
