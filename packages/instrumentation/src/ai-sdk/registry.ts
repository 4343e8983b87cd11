import type { Tracer } from '@opentelemetry/api';
import { OURS } from './integration.js';

/**
 * `globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`: the list `registerTelemetry()` of `ai` 7 pushes onto
 * and every `generateText`/`streamText`/`embed`/... call reads when it starts (the SDK declares it
 * as a global for this purpose). Adding to it needs no import of `ai`: it works before or after the
 * app loads `ai`, from ES modules and CommonJS alike, in bundles too.
 */
interface AiSdkGlobals {
  AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[];
}

const isOurs = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OURS] === true;

/**
 * Adds `integration` to the global list unless one of ours is already there (a second instance,
 * or the other build of this package): one call yields one set of observations.
 */
export function registerIntegration(integration: object): boolean {
  const g = globalThis as AiSdkGlobals;
  if (!Array.isArray(g.AI_SDK_TELEMETRY_INTEGRATIONS)) g.AI_SDK_TELEMETRY_INTEGRATIONS = [];
  if (g.AI_SDK_TELEMETRY_INTEGRATIONS.some(isOurs)) return false;
  g.AI_SDK_TELEMETRY_INTEGRATIONS.push(integration);
  return true;
}

/** Removes `integration` from the global list (in place: the SDK may hold the array). */
export function unregisterIntegration(integration: object): void {
  const list = (globalThis as AiSdkGlobals).AI_SDK_TELEMETRY_INTEGRATIONS;
  if (!Array.isArray(list)) return;
  const index = list.indexOf(integration);
  if (index >= 0) list.splice(index, 1);
}

/**
 * The AI SDK telemetry integration of ours that is registered globally, if any. In `ai` 7 a call's
 * own `telemetry.integrations` replace the global ones: list this one there too to keep the call
 * recorded.
 *
 * @example
 * ```ts
 * generateText({ ..., telemetry: { integrations: [other, getAiSdkTelemetryIntegration()].filter(Boolean) } });
 * ```
 */
export function getAiSdkTelemetryIntegration(): object | undefined {
  const list = (globalThis as AiSdkGlobals).AI_SDK_TELEMETRY_INTEGRATIONS;
  return Array.isArray(list) ? (list.find(isOurs) as object | undefined) : undefined;
}

/** `globalThis` slot of the `ai` 5 / 6 tracer of ours (one for both builds of this package). */
const TRACER_SLOT = Symbol.for('@tradingagents/instrumentation.ai-sdk-tracer.registered');

/** Makes `tracer` the one {@link getAiSdkTracer} returns, unless one of ours is already there. */
export function registerTracer(tracer: Tracer): boolean {
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (g[TRACER_SLOT] !== undefined) return false;
  g[TRACER_SLOT] = tracer;
  return true;
}

/** Removes `tracer` from the slot, if it is the one there. */
export function unregisterTracer(tracer: Tracer): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (g[TRACER_SLOT] === tracer) delete g[TRACER_SLOT];
}

/**
 * The tracer of ours that `ai` 5 and 6 take as `experimental_telemetry.tracer`: their spans become
 * our agent, generation and tool observations (usage, cost, `/metrics`) and Langfuse receives ours
 * only. `undefined` while the AI SDK instrumentation is not enabled (the SDK then falls back to the
 * global tracer provider, as without it).
 *
 * @example
 * ```ts
 * await generateText({
 *   model, prompt,
 *   experimental_telemetry: { isEnabled: true, functionId: 'analyst', tracer: getAiSdkTracer() },
 * });
 * ```
 */
export function getAiSdkTracer(): Tracer | undefined {
  return (globalThis as unknown as Record<symbol, Tracer | undefined>)[TRACER_SLOT];
}
