import type { AgentsSpan, OpenAIAgentsCoreModule } from './types.js';

/**
 * Where every copy of `@openai/agents-core` keeps its async context (`{ trace, span, active }`): a
 * registered symbol on `globalThis`, so that duplicate copies share it (agents-core `tracing/context`).
 */
const AGENTS_ALS = Symbol.for('openai.agents.core.asyncLocalStorage');

interface AgentsStore {
  active?: boolean;
  span?: AgentsSpan;
}

/**
 * The SDK's current span: through the module's `getCurrentSpan()` when we have the module, else
 * read from the SDK's shared AsyncLocalStorage (the plain call from an ES module, where we find the
 * SDK through its global provider and never load the module ourselves).
 */
export function currentAgentsSpan(module: OpenAIAgentsCoreModule | undefined): AgentsSpan | null | undefined {
  if (typeof module?.getCurrentSpan === 'function') return module.getCurrentSpan();
  const storage = (globalThis as Record<symbol, unknown>)[AGENTS_ALS] as
    | { getStore?: () => AgentsStore | undefined }
    | undefined;
  const store = typeof storage?.getStore === 'function' ? storage.getStore() : undefined;
  return store?.active === true ? store.span : undefined;
}
