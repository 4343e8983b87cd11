import { type HrTime, type SpanContext, TraceFlags } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';

/**
 * What the recorder is given to take an exemplar from: the span of the operation it records (any
 * OTel span; the SDK's also carries `startTime`).
 */
export interface ExemplarSpan {
  spanContext(): SpanContext;
}

/**
 * The exemplar of one counter series or one histogram bucket: the trace and span that recorded
 * it, the value recorded (the increment of a counter, the observation of a histogram) and when the
 * recorded operation ended, kept as the span's start and the recorded duration: the exposition
 * writer turns them into a time ({@link exemplarTimeMs}) once per new exemplar, rather than every
 * record doing it. Exemplars live in slots of existing series, one per series or bucket,
 * overwritten in place: they never create a series and cost no allocation once a slot exists.
 */
export class ExemplarSlot {
  /** The recording span's context (its `traceId` and `spanId`); kept, not the span. */
  context: SpanContext | undefined = undefined;
  value = 0;
  /** The recording span's start time (the SDK's `HrTime`, kept by reference). */
  start: HrTime | undefined = undefined;
  /** The recorded operation's duration, in seconds. */
  seconds = 0;
  /**
   * The exposition writer's text of this exemplar, what it was written from and the time it gave:
   * a slot that has not taken a new exemplar since the last scrape (most of them) is not formatted
   * again. Written by the writer only; the hot path never touches them.
   */
  text = '';
  textContext: SpanContext | undefined = undefined;
  textValue = Number.NaN;
  textStart: HrTime | undefined = undefined;
  textSeconds = Number.NaN;
  textTimeMs = Number.NEGATIVE_INFINITY;
}

/** The context of `span` when it is sampled; an unsampled or non-recording span gives no exemplar. */
export function sampledContext(span: ExemplarSpan): SpanContext | undefined {
  const context = span.spanContext();
  return (context.traceFlags & TraceFlags.SAMPLED) === 0 ? undefined : context;
}

/**
 * Writes a record's exemplar into `slot`: the span's ids (`context`), `value`, the span's start and
 * the recorded duration. Spans without a start time (not the SDK's) read the clock.
 */
export function fillExemplar(
  slot: ExemplarSlot,
  context: SpanContext,
  span: ExemplarSpan,
  value: number,
  seconds: number,
): void {
  slot.context = context;
  slot.value = value;
  const start = (span as { startTime?: HrTime }).startTime;
  if (start === undefined) {
    slot.start = millisToHrTime(Date.now());
    slot.seconds = 0;
  } else {
    slot.start = start;
    slot.seconds = seconds;
  }
}

/**
 * The time of the exemplar in `slot`, in whole ms since the epoch: its span's start plus the
 * recorded duration. Never in the future (an explicit `startTime` can be anything; the operation
 * has ended by the time it is scraped), and always after the exemplar this slot last gave:
 * Prometheus drops an exemplar not newer than the last one it stored for the series, and a span
 * started at an explicit earlier `startTime` would otherwise give one.
 */
export function exemplarTimeMs(slot: ExemplarSlot, nowMs: number): number {
  const start = slot.start;
  const ended =
    start === undefined ? nowMs : Math.floor(start[0] * 1000 + start[1] / 1e6 + slot.seconds * 1000);
  const time = Math.min(ended, nowMs);
  return time > slot.textTimeMs ? time : slot.textTimeMs + 1;
}

/**
 * The exemplars our store adds to the OTel data points it produces. The OTel SDK has no exemplar
 * support; its readers pass a producer's data points through unchanged, so the exposition writer
 * finds these fields on the points it serialises. Other exporters ignore them.
 */
export interface ExemplarFields {
  /** Of a counter data point: its exemplar (the first increment since the previous collect). */
  readonly exemplar?: ExemplarSlot | undefined;
  /** Of a histogram data point: the exemplar of each bucket, by bucket index. */
  readonly bucketExemplars?: readonly (ExemplarSlot | undefined)[] | undefined;
}
