import { type HrTime, type SpanContext, TraceFlags } from '@opentelemetry/api';

/**
 * What the recorder is given to take an exemplar from: the span of the operation it records (any
 * OTel span; the SDK's also carries `startTime`).
 */
export interface ExemplarSpan {
  spanContext(): SpanContext;
}

/**
 * The latest exemplar of one counter series or one histogram bucket: the trace and span that
 * recorded it, the value recorded (the increment of a counter, the observation of a histogram) and
 * when, in ms since the epoch. Exemplars live in slots of existing series, one per series or
 * bucket, overwritten in place: they never create a series and cost no allocation once a slot exists.
 */
export class ExemplarSlot {
  /** The recording span's context (its `traceId` and `spanId`); kept, not the span. */
  context: SpanContext | undefined = undefined;
  value = 0;
  timeMs = 0;
  /**
   * The exposition writer's text of this exemplar, and what it was written from: a slot that has
   * not been recorded into since the last scrape (most of them) is not formatted again. Written by
   * the writer only; the hot path never touches it.
   */
  text = '';
  textContext: SpanContext | undefined = undefined;
  textValue = Number.NaN;
  textTimeMs = Number.NaN;
}

/**
 * The exemplar a record takes from `span`: its ids when the span is sampled (an unsampled or
 * non-recording span gives none), and the time the recorded operation ended. That time is the
 * span's start plus the recorded duration, read without a clock call (a clock read per record
 * would cost a third of the recording itself); spans without a start time (not the SDK's) read
 * the clock. Samples only move forward in time.
 */
export class ExemplarSample {
  context: SpanContext | undefined = undefined;
  /** Whole ms since the epoch; never less than the previous sample's. */
  timeMs = 0;

  /** Fills this sample from `span`; false (and nothing to record) when the span is not sampled. */
  take(span: ExemplarSpan | undefined, durationSeconds: number): boolean {
    if (span === undefined) return false;
    const context = span.spanContext();
    if ((context.traceFlags & TraceFlags.SAMPLED) === 0) return false;
    this.context = context;
    const start = (span as { startTime?: HrTime }).startTime;
    const time = Math.floor(
      start === undefined ? Date.now() : start[0] * 1000 + start[1] / 1e6 + durationSeconds * 1000,
    );
    // Never back in time: Prometheus drops an exemplar older than the last one it stored for the
    // series, and a span started at an explicit earlier `startTime` would otherwise give one. Nor
    // into the future: an explicit `startTime` can be anything, and one far ahead would pin every
    // later exemplar there, so a jump of over a minute is checked against the clock.
    if (time > this.timeMs) this.timeMs = time - this.timeMs > 60_000 ? Math.min(time, Date.now()) : time;
    return true;
  }
}

/** Writes `sample` with `value` into `slot`. */
export function putExemplar(slot: ExemplarSlot, sample: ExemplarSample, value: number): void {
  slot.context = sample.context;
  slot.value = value;
  slot.timeMs = sample.timeMs;
}

/**
 * The exemplars our store adds to the OTel data points it produces. The OTel SDK has no exemplar
 * support; its readers pass a producer's data points through unchanged, so the exposition writer
 * finds these fields on the points it serialises. Other exporters ignore them.
 */
export interface ExemplarFields {
  /** Of a counter data point: the latest increment's exemplar. */
  readonly exemplar?: ExemplarSlot;
  /** Of a histogram data point: the latest exemplar of each bucket, by bucket index. */
  readonly bucketExemplars?: readonly (ExemplarSlot | undefined)[];
}
