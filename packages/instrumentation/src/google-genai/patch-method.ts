import { context } from '@opentelemetry/api';
import {
  type GenerationScope,
  isThenable,
  startGeneration,
} from '@tradingagents/telemetry/instrumentation-api';
import { isRecordedAbove } from '../shared/model-call-context.js';
import { obj, safely } from '../shared/safe.js';
import { isAsyncIterator, observeGenerator } from './observe-generator.js';
import type { Operation } from './operation.js';

type AnyFn = (...args: unknown[]) => unknown;

/** `gcp.vertex_ai` when the `Models` instance talks to Vertex AI, else the Gemini API's `gcp.gemini`. */
function providerOf(models: unknown): string {
  const client = obj(obj(models)?.apiClient) as { isVertexAI?: () => unknown } | undefined;
  return typeof client?.isVertexAI === 'function' && client.isVertexAI() === true
    ? 'gcp.vertex_ai'
    : 'gcp.gemini';
}

/** Feeds the generation from the method's outcome: a response, or an async generator of chunks. */
function observeResult(operation: Operation, generation: GenerationScope, result: unknown): void {
  if (operation.stream && isAsyncIterator(result)) {
    const acc = operation.stream();
    observeGenerator(result, {
      onChunk: (chunk) => safely(`${operation.name} chunk`, () => acc.onChunk(chunk, generation), undefined),
      onEnd: (error) =>
        safely(
          `${operation.name} end`,
          () => {
            acc.finish(generation);
            generation.end(error);
          },
          undefined,
        ),
    });
    return;
  }
  operation.onBody(result, generation);
  generation.end();
}

/**
 * Wraps one `Models.prototype` method that makes one API request (`generateContentInternal`,
 * `generateContentStreamInternal`, `embedContentInternal`). The call is the caller's: same
 * arguments, the same promise back (observed from the side), the same errors (an `ApiError` is
 * recorded and reaches the caller unchanged). A call already recorded above (a LangChain chat model,
 * a `trackLlmCall`) passes straight through.
 */
export function wrapMethod(operation: Operation, original: AnyFn, enabled: () => boolean): AnyFn {
  return function methodWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    if (!enabled() || safely('dedupe check', () => isRecordedAbove(context.active()), true)) {
      return original.apply(this, args);
    }
    const generation = safely(
      `${operation.name} start`,
      () => startGeneration(operation.info(obj(args[0]) ?? {}, providerOf(this))),
      undefined,
    );
    if (generation === undefined) return original.apply(this, args);
    let result: unknown;
    try {
      result = context.with(generation.context, () => original.apply(this, args));
    } catch (error) {
      safely(`${operation.name} error`, () => generation.end(error), undefined);
      throw error;
    }
    const fail = (error: unknown): void =>
      safely(
        `${operation.name} error`,
        () => generation.end(error ?? new Error('request failed')),
        undefined,
      );
    const succeed = (value: unknown): void =>
      safely(`${operation.name} result`, () => observeResult(operation, generation, value), undefined);
    safely(
      `${operation.name} observe`,
      () => (isThenable(result) ? result.then(succeed, fail) : succeed(result)),
      undefined,
    );
    return result;
  };
}
