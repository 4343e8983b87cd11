/**
 * The process-wide meeting point between the code that finds modules (the loader hook's appended
 * line, the scans) and the instrumentations that patch them. It lives on `globalThis` under a
 * `Symbol.for` key so that every copy of this package (npm may nest several) and the loader hook's
 * generated code share it.
 */
import { REGISTRY_KEY } from './registry-key.js';

/** One module instance found: what it is, where it was loaded from, its exports/namespace. */
export interface LoadedModule {
  readonly file: string;
  readonly exports: unknown;
}

export type LoadedModuleListener = (module: LoadedModule) => void;

interface Registry {
  readonly loaded: LoadedModule[];
  readonly listeners: Set<LoadedModuleListener>;
}

function registry(): Registry {
  const slot = globalThis as unknown as Record<symbol, Registry | undefined>;
  const key = Symbol.for(REGISTRY_KEY);
  let value = slot[key];
  if (value === undefined || !Array.isArray(value.loaded) || !(value.listeners instanceof Set)) {
    value = { loaded: [], listeners: new Set() };
    slot[key] = value;
  }
  return value;
}

/** Announces a module instance; listeners see it now, later listeners on subscribing. */
export function announceModule(module: LoadedModule): void {
  const r = registry();
  if (r.loaded.some((m) => m.exports === module.exports)) return;
  r.loaded.push(module);
  for (const listener of r.listeners) listener(module);
}

/** Calls `listener` for every module announced so far and from now on; returns the unsubscribe. */
export function subscribeModules(listener: LoadedModuleListener): () => void {
  const r = registry();
  r.listeners.add(listener);
  for (const module of [...r.loaded]) listener(module);
  return () => {
    r.listeners.delete(listener);
  };
}
