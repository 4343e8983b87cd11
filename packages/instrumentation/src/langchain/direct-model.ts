import { type Context, context } from '@opentelemetry/api';
import { type GenerationScope, startGeneration } from '@tradingagents/telemetry';
import { markLangChainModelCall } from '../shared/model-call-context.js';
import { log, num, obj, str } from '../shared/safe.js';
import { generationInfoOf, generationsOf, outputOf, responseOf, usageOf } from './llm-run.js';

type AnyFn = (...args: unknown[]) => unknown;
type Model = Record<string, unknown>;

function call(model: Model, method: string, arg: unknown): unknown {
  const fn = model[method];
  return typeof fn === 'function' ? fn.call(model, arg) : undefined;
}

/**
 * The generation info the callback handler would build from `handleChatModelStart`: the model's
 * LangSmith params (`ls_model_name`, `ls_provider`, …) and its invocation params, which LangChain
 * computes from the same call options.
 */
function startModelGeneration(
  model: Model,
  prompt: unknown,
  callOptions: unknown,
  parent: Context,
): GenerationScope {
  const options = callOptions ?? {};
  const metadata = call(model, 'getLsParamsWithDefaults', options) ?? call(model, 'getLsParams', options);
  const params =
    call(model, '_getInvocationParamsForTracing', options) ?? call(model, 'invocationParams', options);
  // The serialized model's kwargs: `model` / `model_name` as the last fallback.
  const info = generationInfoOf({ kwargs: model }, prompt, { invocation_params: params }, metadata, 'chat');
  return startGeneration(info, { parentContext: parent });
}

function finish(scope: GenerationScope, output: unknown): void {
  const generations = generationsOf(output);
  const usage = usageOf(output, generations);
  if (usage) scope.setUsage(usage);
  scope.setResponse(responseOf(output, generations));
  scope.setOutput(outputOf(output, generations));
  scope.end();
}

/**
 * Records `BaseChatModel.prototype._generateUncached(messages, parsedOptions, …)` (invoke, batch,
 * generate): one generation per prompt, fed from the `LLMResult` it resolves to, as `handleLLMEnd`
 * would be. The call runs in the first generation's context, marked for the OpenAI SDK patch.
 */
export function recordGenerate(model: Model, original: AnyFn, args: unknown[]): unknown {
  const parent = context.active();
  let scopes: GenerationScope[] = [];
  try {
    const prompts = Array.isArray(args[0]) ? args[0] : [];
    scopes = prompts.map((prompt) => startModelGeneration(model, prompt, args[1], parent));
  } catch (error) {
    log.error('BaseChatModel._generateUncached patch failed', error);
  }
  const ctx = markLangChainModelCall(scopes[0]?.context ?? parent);
  if (scopes.length === 0) return context.with(ctx, original, model, ...args);
  const fail = (error: unknown) => {
    for (const scope of scopes) scope.end(error ?? new Error('LLM error'));
  };
  let result: unknown;
  try {
    result = context.with(ctx, original, model, ...args);
  } catch (error) {
    fail(error);
    throw error;
  }
  Promise.resolve(result).then((output) => {
    try {
      if (scopes.length === 1) {
        finish(scopes[0] as GenerationScope, output);
        return;
      }
      const all = obj(output)?.generations;
      scopes.forEach((scope, i) => {
        finish(scope, { generations: [Array.isArray(all) ? all[i] : undefined] });
      });
    } catch (error) {
      log.error('BaseChatModel._generateUncached patch failed', error);
    }
  }, fail);
  return result;
}

/** Sums usage objects field by field (nested details too), as LangChain's chunk `concat` does. */
function addUsage(
  total: Record<string, unknown> | undefined,
  usage: Record<string, unknown>,
): Record<string, unknown> {
  if (total === undefined) return { ...usage };
  for (const [key, value] of Object.entries(usage)) {
    const n = num(value);
    const nested = obj(value);
    if (n !== undefined) total[key] = (num(total[key]) ?? 0) + n;
    else if (nested) total[key] = addUsage(obj(total[key]), nested);
  }
  return total;
}

/** What a stream's chunks tell: the aggregated message LangChain's callbacks would get, in parts. */
class StreamState {
  private usage: Record<string, unknown> | undefined;
  private id: string | undefined;
  private model: string | undefined;
  private finishReason: string | undefined;
  private readonly chunks: unknown[] = [];

  constructor(private readonly scope: GenerationScope) {}

  see(chunk: unknown): void {
    const message = obj(chunk);
    if (!message) return;
    if (this.chunks.length === 0) this.scope.markFirstToken();
    this.chunks.push(message.content);
    const usage = obj(message.usage_metadata);
    if (usage) this.usage = addUsage(this.usage, usage);
    const metadata = obj(message.response_metadata);
    this.id ??= str(message.id);
    this.model ??= str(metadata?.model_name) ?? str(metadata?.model);
    this.finishReason = str(metadata?.finish_reason) ?? this.finishReason;
  }

  end(error?: unknown): void {
    if (error !== undefined) {
      this.scope.end(error);
      return;
    }
    const chunks = this.chunks;
    const output = {
      generations: [
        [
          {
            message: {
              _getType: () => 'ai',
              // Built only when content capture serialises the output.
              get content() {
                return chunks.every((c) => typeof c === 'string') ? chunks.join('') : chunks;
              },
              id: this.id,
              usage_metadata: this.usage,
              response_metadata: { model_name: this.model, finish_reason: this.finishReason },
            },
          },
        ],
      ],
    };
    finish(this.scope, output);
  }
}

/**
 * Records `BaseChatModel.prototype._streamIterator` (`.stream()`) for models that really stream
 * (others fall back to `invoke`, recorded by {@link recordGenerate}): the generation starts with the
 * stream, the first chunk marks the first token, usage is the sum of the chunks'
 * `usage_metadata`. Every step runs in the generation's context, marked for the OpenAI SDK patch.
 * An early `return()` (a consumer's `break`) ends the generation without error.
 */
export function recordStream(model: Model, original: AnyFn, args: unknown[], streams: boolean): unknown {
  const parent = context.active();
  let state: StreamState | undefined;
  let ctx = markLangChainModelCall(parent);
  let done = false;
  try {
    if (streams) {
      const [, callOptions] = (call(model, '_separateRunnableConfigFromCallOptionsCompat', args[1]) as
        | unknown[]
        | undefined) ?? [undefined, args[1]];
      const ctor = obj(obj(model)?.constructor) as { _convertInputToPromptValue?: AnyFn } | undefined;
      const prompt = obj(ctor?._convertInputToPromptValue?.(args[0]));
      const messages = typeof prompt?.toChatMessages === 'function' ? prompt.toChatMessages() : args[0];
      const scope = startModelGeneration(model, messages, callOptions, parent);
      state = new StreamState(scope);
      ctx = markLangChainModelCall(scope.context);
    }
  } catch (error) {
    log.error('BaseChatModel._streamIterator patch failed', error);
  }
  const iterator = context.with(ctx, () => original.apply(model, args)) as AsyncGenerator<unknown>;
  const end = (error?: unknown): void => {
    if (done) return;
    done = true;
    try {
      state?.end(error);
    } catch (e) {
      log.error('BaseChatModel._streamIterator patch failed', e);
    }
  };
  if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') {
    end();
    return iterator;
  }
  const observe = (step: Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown>> => {
    if (state === undefined) return step;
    return step.then(
      (result) => {
        if (result.done) end();
        else if (!done) {
          try {
            state?.see(result.value);
          } catch (error) {
            log.error('BaseChatModel._streamIterator patch failed', error);
          }
        }
        return result;
      },
      (error: unknown) => {
        end(error ?? new Error('stream failed'));
        throw error;
      },
    );
  };
  const bound = {
    next: (...a: [] | [unknown]) => observe(context.with(ctx, () => iterator.next(...a))),
    return: (value: unknown) => observe(context.with(ctx, () => iterator.return(value))),
    throw: (error: unknown) => observe(context.with(ctx, () => iterator.throw(error))),
    [Symbol.asyncIterator]() {
      return bound;
    },
  } as AsyncGenerator<unknown>;
  return bound;
}
