import { type Context, context } from '@opentelemetry/api';
import { isInsideGeneration } from '@tradingagents/telemetry/instrumentation-api';

/**
 * Context key set while a LangChain chat model runs. A registered symbol (as `createContextKey()`
 * makes too): the ESM and CJS builds of this package may both be loaded (the core loads the CJS
 * build, an app may import the ESM one) and must agree on the key.
 */
const LANGCHAIN_MODEL_CALL = Symbol.for('@tradingagents/instrumentation.langchain-model-call');

/** Told when the consumer of a chat-model stream stops early (see {@link StreamRunToken}). */
export interface StreamStopListener {
  endStoppedStream(runId: string): void;
}

/**
 * Carried in the context of one `.stream()` of a chat model. The callback handler registers the run
 * it opens for the stream; when the consumer stops early (`break` in `for await`), LangChain reports
 * no end for that run, so the stream wrapper tells the listener instead. Plain fields only: the ESM
 * and CJS builds of this package must both be able to read and write a token made by the other.
 */
export interface StreamRunToken {
  runId: string | undefined;
  listener: StreamStopListener | undefined;
}

/** Marks `ctx` as running inside a LangChain chat-model call, whose generation the handler records. */
export function markLangChainModelCall(ctx: Context, token?: StreamRunToken): Context {
  return ctx.setValue(LANGCHAIN_MODEL_CALL, token ?? true);
}

/** The stream token of the chat-model stream running in `ctx`, if any. */
export function streamTokenOf(ctx: Context): StreamRunToken | undefined {
  const value = ctx.getValue(LANGCHAIN_MODEL_CALL);
  return typeof value === 'object' && value !== null ? (value as StreamRunToken) : undefined;
}

/**
 * True when the active call is already recorded as a generation by a higher layer: a LangChain chat
 * model (our handler's generation is authoritative) or a `trackLlmCall` of the core. The OpenAI
 * patch then records nothing, so that one call yields one generation and one cost.
 */
export function isRecordedAbove(ctx: Context = context.active()): boolean {
  return ctx.getValue(LANGCHAIN_MODEL_CALL) !== undefined || isInsideGeneration(ctx);
}
