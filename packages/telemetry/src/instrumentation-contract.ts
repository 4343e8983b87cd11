import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from './config.js';

/**
 * What the core uses of `@tradingagents/instrumentation`. That package is an **optional peer** of
 * this one (see `peerDependenciesMeta` in package.json): `registerTradingAgentsTelemetry()` loads it
 * at run time when the app has it installed (auto-instrumentations.ts), and works without it. The
 * instrumentation package checks in its tests that it implements this contract.
 */
export interface TradingAgentsInstrumentationPackage {
  /** The framework instrumentations for the `autoInstrument` options. */
  createTradingAgentsInstrumentations(options: ResolvedConfig['autoInstrument']): Instrumentation[];
  /** Registers the include-list ESM loader hook (for the `--import`/`--require` entry). */
  registerLoaderHook?(): boolean;
  /** Connects instrumentations to the modules they patch, whatever the import order. */
  attachInstrumentations?(
    instrumentations: readonly unknown[],
    options: { findAppModules?: boolean },
  ): { detach(): void; ready: Promise<void> };
}
