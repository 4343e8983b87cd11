/**
 * Readers for values that come from outside (provider responses, user input): each returns the value
 * when it has the expected shape and `undefined` otherwise, never throwing. Shared by the core and,
 * through `@tradingagents/telemetry/instrumentation-api`, by the instrumentations.
 */

/** A finite number, or `undefined`. */
export function readNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A finite number `>= 0`, or `undefined`. */
export function readNonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A non-null object, or `undefined`. */
export function readObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** A non-empty string, or `undefined`. */
export function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An amount to record (a duration, a cost, a count): a finite number `> 0`, else 0. */
export function amount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
