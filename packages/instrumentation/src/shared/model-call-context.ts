import { type Context, context } from '@opentelemetry/api';
import { isInsideGeneration } from '@tradingagents/telemetry';

/**
 * Context key set while a LangChain chat model runs. A registered symbol (as `createContextKey()`
 * makes too): the ESM and CJS builds of this package may both be loaded (the core loads the CJS
 * build, an app may import the ESM one) and must agree on the key.
 */
const LANGCHAIN_MODEL_CALL = Symbol.for('@tradingagents/instrumentation.langchain-model-call');

/** Marks `ctx` as running inside a LangChain chat-model call, whose generation the handler records. */
export function markLangChainModelCall(ctx: Context): Context {
  return ctx.setValue(LANGCHAIN_MODEL_CALL, true);
}

/**
 * True when the active call is already recorded as a generation by a higher layer: a LangChain chat
 * model (our handler's generation is authoritative) or a `trackLlmCall` of the core. The OpenAI
 * patch then records nothing, so that one call yields one generation and one cost.
 */
export function isRecordedAbove(ctx: Context = context.active()): boolean {
  return ctx.getValue(LANGCHAIN_MODEL_CALL) === true || isInsideGeneration(ctx);
}
