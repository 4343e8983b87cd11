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
 * The latest exemplar of one counter series or one histogram bucket: the trace and span that
 * recorded it, the value recorded (the increment of a counter, the observation of a histogram) and
 * when the recorded operation ended, kept as the span's start and the recorded duration: the
 * exposition writer turns them into a time ({@link exemplarTimeMs}), once per new exemplar, rather
 * than every record doing it. Exemplars live in slots of existing series, one per series or
 * bucket, overwritten in place: they never create a series and cost no allocation once a slot exists.
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
   * a slot that has not been recorded into since the last scrape (most of them) is not formatted
   * again. Written by the writer only; the hot path never touches them.
   */
  text = '';
  textContext: SpanContext | undefined = undefined;
  textValue = Number.NaN;
  textStart: HrTime | undefined = undefined;
  textSeconds = Number.NaN;
  textTimeMs = Number.NEGATIVE_INFINITY;
}

/**
 * The exemplar a record takes from `span`: its ids when the span is sampled (an unsampled or
 * non-recording span gives none), its start time and the recorded duration. No clock is read and
 * no time computed here (that would cost a third of the recording itself): spans without a start
 * time (not the SDK's) are the exception and read the clock.
 */
export class ExemplarSample {
  context: SpanContext | undefined = undefined;
  start: HrTime | undefined = undefined;
  seconds = 0;

  /** Fills this sample from `span`; false (and nothing to record) when the span is not sampled. */
  take(span: ExemplarSpan | undefined, durationSeconds: number): boolean {
    if (span === undefined) return false;
    const context = span.spanContext();
    if ((context.traceFlags & TraceFlags.SAMPLED) === 0) return false;
    this.context = context;
    const start = (span as { startTime?: HrTime }).startTime;
    if (start === undefined) {
      this.start = millisToHrTime(Date.now());
      this.seconds = 0;
    } else {
      this.start = start;
      this.seconds = durationSeconds;
    }
    return true;
  }
}

/** Writes `sample` with `value` into `slot`. */
export function putExemplar(slot: ExemplarSlot, sample: ExemplarSample, value: number): void {
  slot.context = sample.context;
  slot.value = value;
  slot.start = sample.start;
  slot.seconds = sample.seconds;
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
  /** Of a counter data point: the latest increment's exemplar. */
  readonly exemplar?: ExemplarSlot;
  /** Of a histogram data point: the latest exemplar of each bucket, by bucket index. */
  readonly bucketExemplars?: readonly (ExemplarSlot | undefined)[];
}
