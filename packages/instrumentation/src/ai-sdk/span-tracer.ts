import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import {
  type AgentScope,
  type GenerationScope,
  getAgentName,
  isThenable,
  startAgent,
  startGeneration,
  startTool,
  type ToolScope,
} from '@tradingagents/telemetry/instrumentation-api';
import { isRecordedAbove } from '../shared/model-call-context.js';
import { obj, safely, str } from '../shared/safe.js';
import { providerOf } from './provider.js';
import {
  embeddingSpanUsageOf,
  parsed,
  spanModelParametersOf,
  spanOutputOf,
  spanUsageOf,
} from './span-attributes.js';

/** Marks our tracer (shared by our ESM and CJS builds, like the `ai` 7 integration's mark). */
export const OURS_TRACER = Symbol.for('@tradingagents/instrumentation.ai-sdk-tracer');

/** The operation (`ai.generateText`, `ai.streamText`, `ai.embed`, ...) a span belongs to. */
interface Operation {
  /** The context its observations start under: its agent's, else the caller's. */
  readonly parent: Context;
}
const OPERATION = createContextKey('@tradingagents/instrumentation ai-sdk operation');

type Kind = 'operation' | 'model' | 'embedding' | 'tool' | 'other';

/** What an `ai` 5 / 6 span name stands for. */
function kindOf(name: string): Kind {
  if (name === 'ai.toolCall') return 'tool';
  if (name.endsWith('.doGenerate') || name.endsWith('.doStream')) return 'model';
  if (name.endsWith('.doEmbed')) return 'embedding';
  return /^ai\.[A-Za-z]+$/.test(name) ? 'operation' : 'other';
}

/** One error out of `recordException` / `setStatus(ERROR)`, for the scope's `end(error)`. */
function errorOf(exception: unknown): Error {
  if (exception instanceof Error) return exception;
  const o = obj(exception);
  const error = new Error(str(o?.message) ?? str(exception) ?? 'AI SDK operation failed');
  error.name = str(o?.name) ?? 'Error';
  return error;
}

/**
 * The span the SDK holds: it keeps the attributes the SDK sets (usage, response, tool result
 * arrive just before `end()`) and turns them into our scope's usage, response and output when the
 * SDK ends it. Its own span context is our scope's, so that anything correlating on it finds ours.
 */
class ObservedSpan implements Span {
  readonly attributes: Attributes = {};
  /** What the SDK's callback returned, once settled (`doGenerate`: the model's result and usage). */
  returned: unknown;
  private settled: Promise<void> | undefined;
  private error: Error | undefined;
  private ended = false;

  constructor(
    readonly kind: Kind,
    readonly scope: AgentScope | GenerationScope | ToolScope | undefined,
    /** The context the SDK runs this span's work in. */
    readonly context: Context,
    attributes: Attributes | undefined,
    private readonly finish: (span: ObservedSpan, error: Error | undefined) => void,
  ) {
    if (attributes) this.setAttributes(attributes);
  }

  spanContext(): SpanContext {
    return this.scope?.span.spanContext() ?? INVALID_SPAN_CONTEXT;
  }
  setAttribute(key: string, value: AttributeValue): this {
    if (!this.ended && value !== undefined) this.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    for (const [key, value] of Object.entries(attributes ?? {}))
      if (value !== undefined) this.setAttribute(key, value);
    return this;
  }
  addEvent(name: string): this {
    // streamText and streamObject mark their first chunk: Langfuse's time to first token.
    if (name === 'ai.stream.firstChunk' && this.kind === 'model')
      safely('AI SDK first chunk', () => (this.scope as GenerationScope).markFirstToken(), undefined);
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    if (status?.code === SpanStatusCode.ERROR) this.error ??= errorOf({ message: status.message });
    return this;
  }
  updateName(): this {
    return this;
  }
  recordException(exception: unknown): void {
    this.error = errorOf(exception);
  }
  isRecording(): boolean {
    return !this.ended && this.scope !== undefined;
  }
  /**
   * Watches the promise the SDK's callback returned, from the side (the SDK still gets the same
   * promise). `ai` 5 ends a `doGenerate` span before that promise settles and puts no cached or
   * reasoning tokens on it; the result it resolves to has them.
   */
  watch(result: unknown): void {
    if (this.kind !== 'model' || !isThenable(result)) return;
    this.settled = Promise.resolve(result).then(
      (value) => {
        this.returned = value;
      },
      () => {},
    );
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const finish = () => safely('AI SDK span end', () => this.finish(this, this.error), undefined);
    if (this.settled) void this.settled.then(finish);
    else finish();
  }
}

const endGeneration = (span: ObservedSpan, error: Error | undefined): void => {
  const generation = span.scope as GenerationScope | undefined;
  if (!generation) return;
  const a = span.attributes;
  const usage = span.kind === 'embedding' ? embeddingSpanUsageOf(a) : spanUsageOf(a, span.returned);
  if (usage) generation.setUsage(usage);
  if (span.kind === 'model') {
    const reason = str(a['ai.response.finishReason']);
    generation.setResponse({
      model: str(a['ai.response.model']),
      id: str(a['ai.response.id']),
      finishReasons: reason === undefined ? [] : [reason],
    });
    generation.setOutput(spanOutputOf(a));
  }
  generation.end(error);
};

/**
 * The tracer `ai` 5 and 6 draw their spans from when a call has `experimental_telemetry.isEnabled`
 * (the SDK takes `experimental_telemetry.tracer`, else the global tracer named `ai`). Instead of
 * exporting the SDK's spans it turns them into ours: an operation span (`ai.generateText`,
 * `ai.streamText`, `ai.generateObject`, `ai.embed`, ...) becomes the agent named by its `functionId`
 * (else the enclosing `trackAgent` scope), a model-call span (`*.doGenerate`, `*.doStream`) a
 * generation with the SDK's usage and our cost, an embedding call (`*.doEmbed`) an embedding
 * generation, `ai.toolCall` a tool observation. The SDK runs each span's work in our scope's
 * context, so that calls made inside a tool nest under it. Langfuse receives ours only: one copy.
 */
export class AiSdkSpanTracer implements Tracer {
  readonly [OURS_TRACER] = true;

  constructor(private readonly enabled: () => boolean) {}

  startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
    const active = parent ?? context.active();
    return (
      safely('AI SDK span start', () => this.observe(name, options, active), undefined) ??
      new ObservedSpan('other', undefined, active, undefined, () => {})
    );
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest.pop() as F;
    const [options, parent] = rest as [SpanOptions | undefined, Context | undefined];
    const span = this.startSpan(name, options, parent) as ObservedSpan;
    const result = context.with(span.context, fn as (s: Span) => ReturnType<F>, undefined, span);
    safely('AI SDK span result', () => span.watch(result), undefined);
    return result;
  }

  private observe(name: string, options: SpanOptions | undefined, active: Context): ObservedSpan {
    const kind = kindOf(name);
    const attributes = options?.attributes ?? {};
    const operation = active.getValue(OPERATION) as Operation | undefined;
    const passthrough = () => new ObservedSpan('other', undefined, active, attributes, () => {});
    if (!this.enabled() || kind === 'other') return passthrough();
    // A call recorded by a layer above (a LangChain model, a trackLlmCall) is left to that layer.
    if (kind === 'operation' ? isRecordedAbove(active) : operation === undefined && isRecordedAbove(active))
      return passthrough();

    if (kind === 'operation') {
      const functionId = str(attributes['ai.telemetry.functionId']) ?? str(attributes['resource.name']);
      // `trackAgent('x', () => generateText({ experimental_telemetry: { functionId: 'x' } }))` is one agent.
      const agent: AgentScope | undefined =
        functionId !== undefined && functionId !== getAgentName(active)
          ? startAgent(functionId, { parentContext: active })
          : undefined;
      const op: Operation = { parent: agent?.context ?? active };
      return new ObservedSpan(kind, agent, op.parent.setValue(OPERATION, op), attributes, (_s, error) =>
        agent?.end(error),
      );
    }

    const parentContext = operation?.parent ?? active;
    const withOperation = (ctx: Context) => (operation ? ctx.setValue(OPERATION, operation) : ctx);
    if (kind === 'tool') {
      const tool: ToolScope = startTool(
        str(attributes['ai.toolCall.name']) ?? 'unknown',
        parsed(attributes['ai.toolCall.args']),
        { parentContext },
      );
      return new ObservedSpan(kind, tool, withOperation(tool.context), attributes, (span, error) => {
        if (error === undefined) tool.setOutput(parsed(span.attributes['ai.toolCall.result']));
        tool.end(error);
      });
    }

    const model = str(attributes['ai.model.id']) ?? 'unknown';
    const generation = startGeneration(
      kind === 'embedding'
        ? {
            model,
            provider: providerOf(attributes['ai.model.provider']),
            operation: 'embeddings',
            name: `embeddings ${model}`,
            input: parsed(attributes['ai.values']),
          }
        : {
            model,
            provider: providerOf(attributes['ai.model.provider']),
            operation: 'chat',
            input: parsed(attributes['ai.prompt.messages']),
            modelParameters: spanModelParametersOf(attributes),
          },
      { parentContext },
    );
    return new ObservedSpan(kind, generation, withOperation(generation.context), attributes, endGeneration);
  }
}

/** Whether `value` is a tracer of ours (of either build of this package). */
export const isOurTracer = (value: unknown): value is Tracer =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OURS_TRACER] === true;
