import { context } from '@opentelemetry/api';
import { type GenerationScope, startGeneration } from '@tradingagents/telemetry/instrumentation-api';
import { observeAPIPromise } from '../openai/observe-promise.js';
import { isStream, observeStream } from '../openai/observe-stream.js';
import { isRecordedAbove } from '../shared/model-call-context.js';
import { obj, safely } from '../shared/safe.js';
import { APIUserAbortError } from './aborted.js';
import { messageStream, messagesInfo, onMessageBody } from './messages.js';
import { markRecorded, silenceRedundantSdkSpans } from './sdk-spans.js';

type AnyFn = (...args: unknown[]) => unknown;

const WHAT = 'Anthropic messages.create';

/** True when the SDK stream's own controller was aborted (the stream then ends without an error). */
function wasAborted(stream: unknown): boolean {
  const controller = obj(obj(stream)?.controller);
  return obj(controller?.signal)?.aborted === true;
}

/** Feeds the generation from the call's outcome, once, whatever path reports it first. */
function trackCall(generation: GenerationScope, streamed: boolean) {
  let settled = false;
  const fail = (error: unknown): void =>
    safely(`${WHAT} error`, () => generation.end(error ?? new Error('request failed')), undefined);
  return {
    onError: fail,
    onResult: (result: unknown): void => {
      if (settled) return;
      settled = true;
      safely(
        `${WHAT} result`,
        () => {
          if (!streamed || !isStream(result)) {
            onMessageBody(result, generation);
            generation.end();
            return;
          }
          const acc = messageStream();
          observeStream(result, {
            onChunk: (event) => safely(`${WHAT} event`, () => acc.onEvent(event, generation), undefined),
            onEnd: (error) =>
              safely(
                `${WHAT} end`,
                () => {
                  acc.finish(generation);
                  const aborted = error === undefined && !acc.stopped && wasAborted(result);
                  generation.end(aborted ? new APIUserAbortError() : error);
                },
                undefined,
              ),
          });
        },
        undefined,
      );
    },
  };
}

/**
 * Wraps `Messages.prototype.create`, which `messages.stream()` calls too (its `MessageStream` reads
 * the SSE `Stream` that `create({ stream: true })` returns). The call stays the caller's: same
 * arguments, same return value (the SDK's own `APIPromise`), same errors. A call already recorded
 * above (LangChain's `ChatAnthropic`, a `trackLlmCall`) passes through unrecorded. Either way the
 * SDK's own span of the call (0.134+) is not recorded: the generation is the one record of it.
 */
export function wrapMessagesCreate(original: AnyFn, enabled: () => boolean): AnyFn {
  return function createWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    if (!enabled()) return original.apply(this, args);
    safely('client tracer', () => silenceRedundantSdkSpans(this), undefined);
    const active = context.active();
    if (safely('dedupe check', () => isRecordedAbove(active), true)) {
      const marked = safely('context', () => markRecorded(active), undefined);
      return marked ? context.with(marked, () => original.apply(this, args)) : original.apply(this, args);
    }
    const started = safely(
      `${WHAT} start`,
      () => {
        const params = obj(args[0]) ?? {};
        const generation = startGeneration(messagesInfo(params));
        return { generation, inner: markRecorded(generation.context), streamed: params.stream === true };
      },
      undefined,
    );
    if (started === undefined) return original.apply(this, args);
    const { generation, inner, streamed } = started;
    let result: unknown;
    try {
      result = context.with(inner, () => original.apply(this, args));
    } catch (error) {
      safely(`${WHAT} error`, () => generation.end(error), undefined);
      throw error;
    }
    safely(`${WHAT} observe`, () => observeAPIPromise(result, trackCall(generation, streamed)), undefined);
    return result;
  };
}

/**
 * Wraps `Messages.prototype.stream`, only to keep the SDK's own span of the stream's request (which
 * the helper starts before it calls `create()`) from duplicating our generation; see
 * {@link silenceRedundantSdkSpans}. The generation itself is recorded by the `create()` it calls.
 */
export function wrapMessagesStream(original: AnyFn, enabled: () => boolean): AnyFn {
  return function streamWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    if (!enabled()) return original.apply(this, args);
    safely('client tracer', () => silenceRedundantSdkSpans(this), undefined);
    const marked = safely('context', () => markRecorded(context.active()), undefined);
    return marked ? context.with(marked, () => original.apply(this, args)) : original.apply(this, args);
  };
}
