import type { Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';

/**
 * Tracers an instrumentation takes over on the global tracer provider, by instrumentation scope
 * name. A library that draws its spans from the global provider under a fixed name (`ai` 5 and 6:
 * `trace.getTracer('ai')`) then gets the instrumentation's tracer, which turns those spans into
 * our scopes, instead of ours exporting them as they are (a second copy in Langfuse). Kept on
 * `globalThis` under a registered symbol, like the runtime (global.ts), so that the ESM and CJS
 * builds of this package share it.
 */
const SLOT = Symbol.for('@tradingagents/telemetry.claimed-tracers');

interface Claims {
  readonly tracers: Map<string, Tracer>;
  /** The running core's wish to take the free globals, told of every claim. */
  readonly listeners: Set<() => void>;
}

function claims(): Claims {
  const g = globalThis as unknown as Record<symbol, Claims | undefined>;
  let c = g[SLOT];
  if (c === undefined) {
    c = { tracers: new Map(), listeners: new Set() };
    g[SLOT] = c;
  }
  return c;
}

/**
 * Hands out `tracer` for the instrumentation scope `name` from our global tracer provider, and
 * asks the running core to take the OTel globals that are still free at the end of the current
 * task (the first span of ours would take them too; a library that only draws spans from the
 * global provider would otherwise never get ours). Globals the app registers in the same task
 * stay the app's, and then it keeps those spans. Returns the release of the claim.
 *
 * @example
 * ```ts
 * const release = claimGlobalTracer('ai', new MySpanConvertingTracer());
 * ```
 */
export function claimGlobalTracer(name: string, tracer: Tracer): () => void {
  const c = claims();
  c.tracers.set(name, tracer);
  for (const listener of c.listeners) {
    try {
      listener();
    } catch {
      // A listener of the core never throws; nothing of it may reach the instrumentation.
    }
  }
  return () => {
    if (c.tracers.get(name) === tracer) c.tracers.delete(name);
  };
}

/** Whether any tracer is claimed now. */
export function hasClaimedTracers(): boolean {
  return claims().tracers.size > 0;
}

/** Calls `listener` on every claim from now on; returns the unsubscribe. */
export function onTracerClaim(listener: () => void): () => void {
  const c = claims();
  c.listeners.add(listener);
  return () => c.listeners.delete(listener);
}

/** The provider registered as the global one: claimed names first, `provider`'s tracers otherwise. */
export function withClaimedTracers(provider: TracerProvider): TracerProvider {
  const c = claims();
  const flushable = provider as TracerProvider & { forceFlush?: () => Promise<void> };
  return {
    getTracer: (name: string, version?: string, options?: TracerOptions) =>
      c.tracers.get(name) ?? provider.getTracer(name, version, options),
    // Code that flushes the global provider's delegate still flushes ours.
    forceFlush: () => flushable.forceFlush?.() ?? Promise.resolve(),
  } as TracerProvider;
}
