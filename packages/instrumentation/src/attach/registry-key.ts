/** The `Symbol.for` key of the module registry, shared by the loader hook and the registry. */
export const REGISTRY_KEY = '@tradingagents/instrumentation.loaded-modules';
