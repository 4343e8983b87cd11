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
