import { type Span, SpanStatusCode } from '@opentelemetry/api';
import * as sc from '../semconv.js';

/** Seconds on the monotonic clock, for durations. */
export const nowSeconds = (): number => performance.now() / 1000;

/**
 * The `error.type` of a thrown value: its class name, or its `typeof`. The app may throw anything (a
 * revoked Proxy, an object with throwing getters): reading it must not stop the scope from ending
 * (fault-injection fuzz), so an unreadable value is `_OTHER`.
 */
export function errorType(error: unknown): string {
  try {
    if (error instanceof Error) return error.constructor?.name || error.name || 'Error';
    return typeof error;
  } catch {
    return '_OTHER';
  }
}

/**
 * Marks `span` as failed: OTel status ERROR with the message, `error.type`, the exception event, and
 * Langfuse's level ERROR with the status message. If the thrown value cannot be read, the span still
 * gets ERROR status (and still ends): before, the span was lost and active_analyses never went down.
 */
export function markError(span: Span, error: unknown): void {
  try {
    const message = error instanceof Error ? String(error.message) : String(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 1024) });
    span.setAttribute(sc.ATTR_ERROR_TYPE, errorType(error));
    span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_LEVEL, 'ERROR');
    span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_STATUS_MESSAGE, message.slice(0, 1024));
    if (error instanceof Error) span.recordException(error);
  } catch {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_LEVEL, 'ERROR');
  }
}

/**
 * `StartOptions.startTime` if it is a usable time (a valid Date, or ms since the epoch that a Date
 * can hold, not before 1970), else `undefined` (now). A non-finite time made the OTLP serialisation of
 * the whole batch throw, and a negative one made Langfuse reject it: every span in the batch was lost
 * (fault-injection fuzz).
 */
export function validStartTime(time: unknown): number | Date | undefined {
  const ms = typeof time === 'number' ? time : time instanceof Date ? time.getTime() : Number.NaN;
  return ms >= 0 && Number.isFinite(new Date(ms).getTime()) ? (time as number | Date) : undefined;
}

/**
 * A span name from user input: a name that is not a string (e.g. a circular object) made the OTLP
 * JSON serialisation of the whole batch throw, losing every span in it (fault-injection fuzz).
 */
export function nameOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
