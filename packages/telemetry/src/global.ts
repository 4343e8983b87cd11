import type { TelemetryRuntime } from './runtime.js';

/**
 * The live runtime is kept on `globalThis` under a registered symbol, like the OTel API keeps its
 * globals, so that the ESM and CJS builds of this package (and duplicate installs) share one.
 */
const SLOT = Symbol.for('@tradingagents/telemetry.runtime');

interface GlobalSlot {
  runtime?: TelemetryRuntime;
  registration?: unknown;
  preloaded?: boolean;
}

function slot(): GlobalSlot {
  const g = globalThis as unknown as Record<symbol, GlobalSlot | undefined>;
  let s = g[SLOT];
  if (s === undefined) {
    s = {};
    g[SLOT] = s;
  }
  return s;
}

export function getRuntime(): TelemetryRuntime | undefined {
  return slot().runtime;
}

export function setRuntime(runtime: TelemetryRuntime | undefined): void {
  slot().runtime = runtime;
}

export function getRegistration<T>(): T | undefined {
  return slot().registration as T | undefined;
}

export function setRegistration(registration: unknown): void {
  slot().registration = registration;
}

/** Marks this process as started through the `--import`/`--require` entry (hooks see every load). */
export function markPreloaded(): void {
  slot().preloaded = true;
}

/** Whether the `--import`/`--require` entry started telemetry in this process. */
export function isPreloaded(): boolean {
  return slot().preloaded === true;
}
