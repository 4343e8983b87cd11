import type { Context } from '@opentelemetry/api';

/**
 * Tells the provider patches (OpenAI) where a model call belongs when the framework that makes it
 * keeps its own notion of "current span" outside the OTel context (the OpenAI Agents SDK keeps its
 * span in its own AsyncLocalStorage). Returns the context to start the generation under, and takes
 * note that the call is recorded there, or `undefined` when the call is not the framework's.
 */
export type ModelCallParent = (active: Context) => Context | undefined;

/**
 * Registered on `globalThis` under a registered symbol: the ESM and CJS builds of this package may
 * both be loaded, and the OpenAI patch of one must see the parents the other registered.
 */
const PARENTS = Symbol.for('@tradingagents/instrumentation.model-call-parents');

function parents(): Set<ModelCallParent> {
  const holder = globalThis as Record<symbol, unknown>;
  const existing = holder[PARENTS];
  if (existing instanceof Set) return existing as Set<ModelCallParent>;
  const created = new Set<ModelCallParent>();
  holder[PARENTS] = created;
  return created;
}

/** Adds a resolver; returns its removal. */
export function addModelCallParent(parent: ModelCallParent): () => void {
  parents().add(parent);
  return () => {
    parents().delete(parent);
  };
}

/** The context a model call made in `active` is recorded under: a framework's, else `active`. */
export function modelCallParent(active: Context): Context {
  for (const parent of parents()) {
    const found = parent(active);
    if (found !== undefined) return found;
  }
  return active;
}
