import { context } from '@opentelemetry/api';
import { markLangChainModelCall } from '../shared/model-call-context.js';
import { recordGenerate, recordStream } from './direct-model.js';

type AnyFn = (...args: unknown[]) => unknown;

const never = (): boolean => false;

/**
 * Wraps `BaseChatModel.prototype._generateUncached` (invoke, batch, generate) so that the provider
 * SDK call inside runs in a context marked "recorded by LangChain": the OpenAI patch then skips it,
 * and a `ChatOpenAI` call yields one generation and one cost. In direct mode (`direct()` true, read
 * per call) it also records the generation.
 */
export function wrapGenerate(original: AnyFn, direct: () => boolean = never): AnyFn {
  return function generateInMarkedContext(this: unknown, ...args: unknown[]): unknown {
    if (direct()) return recordGenerate(this as Record<string, unknown>, original, args);
    return context.with(markLangChainModelCall(context.active()), original, this, ...args);
  };
}

/**
 * Wraps `BaseChatModel.prototype._streamIterator` (`.stream()`): an async generator resumes in the
 * context of each `next()` call, so every step is run in the marked context. In direct mode it
 * also records the generation when the model really streams (`_streamResponseChunks` overridden
 * and streaming not disabled); otherwise LangChain falls back to `invoke`, recorded there.
 */
export function wrapStreamIterator(
  original: AnyFn,
  direct: () => boolean = never,
  base?: { _streamResponseChunks?: unknown },
): AnyFn {
  return function streamInMarkedContext(this: unknown, ...args: unknown[]): unknown {
    const model = this as Record<string, unknown>;
    const streams =
      direct() &&
      model !== null &&
      typeof model === 'object' &&
      model._streamResponseChunks !== base?._streamResponseChunks &&
      model.disableStreaming !== true;
    return recordStream(model, original, args, streams);
  };
}
