import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { type GenerationScope, startGeneration } from '@tradingagents/telemetry/instrumentation-api';
import { isRecordedAbove } from '../shared/model-call-context.js';
import { modelCallParent } from '../shared/model-call-parent.js';
import { obj, safely } from '../shared/safe.js';
import type { ResolvedOpenAIConfig } from './config.js';
import { isCalledByObserveOpenAI } from './langfuse-observed.js';
import { observeAPIPromise } from './observe-promise.js';
import { isStream, observeStream } from './observe-stream.js';
import type { Operation } from './operation.js';

type AnyFn = (...args: unknown[]) => unknown;

/** Feeds the generation from the call's outcome, once, whatever path reports it first. */
function trackCall(operation: Operation, generation: GenerationScope, streamed: boolean) {
  let settled = false;
  const fail = (error: unknown): void =>
    safely(`${operation.name} error`, () => generation.end(error ?? new Error('request failed')), undefined);
  return {
    onError: fail,
    onResult: (result: unknown): void => {
      if (settled) return;
      settled = true;
      safely(
        `${operation.name} result`,
        () => {
          if (streamed && operation.stream && isStream(result)) {
            const acc = operation.stream();
            observeStream(result, {
              onChunk: (chunk) =>
                safely(`${operation.name} chunk`, () => acc.onChunk(chunk, generation), undefined),
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
        },
        undefined,
      );
    },
  };
}

/**
 * Wraps one SDK `create` method. The call itself is the caller's: same arguments (or a copy when
 * `includeStreamUsage` adds `stream_options`), same return value (the original `APIPromise`), same
 * errors. A call already recorded above (a LangChain chat model, a `trackLlmCall`) passes straight through.
 * A call made through Langfuse's `observeOpenAI`, which Langfuse already records as a generation, is
 * recorded for the metrics only (no span of ours), and runs in the caller's own context.
 */
export function wrapCreate(
  operation: Operation,
  original: AnyFn,
  config: () => ResolvedOpenAIConfig | undefined,
): AnyFn {
  return function createWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    const resolved = config();
    if (resolved === undefined || safely('dedupe check', () => isRecordedAbove(context.active()), true)) {
      return original.apply(this, args);
    }
    const observed = safely('observeOpenAI check', () => isCalledByObserveOpenAI(createWithTelemetry), false);
    const started = safely(
      `${operation.name} start`,
      () => {
        const params = obj(args[0]) ?? {};
        const sent = operation.rewrite?.(params, resolved);
        const callArgs = sent === undefined ? args : [sent, ...args.slice(1)];
        // A framework that tracks its own spans (the OpenAI Agents SDK) names the agent and parent.
        const parent = safely('model call parent', () => modelCallParent(context.active()), context.active());
        const generation = startGeneration(operation.info(params), {
          parentContext: observed ? suppressTracing(parent) : parent,
        });
        return { generation, callArgs, streamed: (sent ?? params).stream === true };
      },
      undefined,
    );
    if (started === undefined) return original.apply(this, args);
    const { generation, callArgs, streamed } = started;
    let result: unknown;
    try {
      result = observed
        ? original.apply(this, callArgs)
        : context.with(generation.context, () => original.apply(this, callArgs));
    } catch (error) {
      safely(`${operation.name} error`, () => generation.end(error), undefined);
      throw error;
    }
    safely(
      `${operation.name} observe`,
      () => observeAPIPromise(result, trackCall(operation, generation, streamed)),
      undefined,
    );
    return result;
  };
}
