import { type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { type AnalysisState, getAgentName, getAnalysisState, markInsideGeneration } from '../context.js';
import type { TokenUsage } from '../pricing/types.js';
import type { TelemetryRuntime } from '../runtime.js';
import * as sc from '../semconv.js';
import { normalizeUsage } from '../usage.js';
import { getWorkflowState, type WorkflowState } from '../workflow-state.js';
import { usageAttributes } from './langfuse-attributes.js';
import { SpanScope } from './span-scope.js';
import { errorType, nameOr, nowSeconds, validStartTime } from './span-status.js';
import type { GenerationInfo, GenerationResponse, GenerationScope, StartOptions } from './types.js';

/** The request attributes of a generation span (model parameters are set after start, guarded). */
function startGenerationSpan(
  runtime: TelemetryRuntime,
  info: GenerationInfo,
  parent: Context,
  model: string,
  agentName: string | undefined,
  startTime: unknown,
): Span {
  const operation = info.operation ?? sc.GEN_AI_OPERATION_CHAT;
  const provider = info.provider ?? 'openai';
  return runtime.tracer.startSpan(
    nameOr(info.name, `${operation} ${model}`),
    {
      kind: SpanKind.CLIENT,
      startTime: validStartTime(startTime),
      attributes: {
        [sc.ATTR_GEN_AI_OPERATION_NAME]: operation,
        [sc.ATTR_GEN_AI_PROVIDER_NAME]: provider,
        [sc.ATTR_GEN_AI_SYSTEM]: provider,
        [sc.ATTR_GEN_AI_REQUEST_MODEL]: model,
        [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: operation === 'embeddings' ? 'embedding' : 'generation',
        [sc.ATTR_LANGFUSE_OBSERVATION_MODEL]: model,
        ...(agentName ? { [sc.ATTR_GEN_AI_AGENT_NAME]: agentName } : {}),
      },
    },
    parent,
  );
}

/**
 * One model call: a `chat <model>` client span (Langfuse type `generation`, or `embedding`), usage
 * and cost on the span, the call's cost added to the enclosing analysis and workflow runs, and the
 * request, token, cost and GenAI duration/usage metrics attributed to the enclosing agent.
 */
export class GenerationSpanScope extends SpanScope implements GenerationScope {
  private readonly model: string;
  private readonly operation: string;
  private readonly provider: string;
  private readonly agentName: string | undefined;
  private readonly analysis: AnalysisState | undefined;
  private readonly workflow: WorkflowState | undefined;
  private readonly started: number;
  private usage: TokenUsage = { input: 0, output: 0 };
  private responseModel: string | undefined;
  private cost = 0;

  constructor(runtime: TelemetryRuntime, info: GenerationInfo, options: StartOptions = {}) {
    const parent = options.parentContext ?? context.active();
    const model = typeof info?.model === 'string' && info.model !== '' ? info.model : 'unknown';
    const agentName = info.agentName ?? getAgentName(parent);
    const span = startGenerationSpan(runtime, info, parent, model, agentName, options.startTime);
    super(runtime, 'generation', span, markInsideGeneration(trace.setSpan(parent, span)));
    this.model = model;
    this.operation = info.operation ?? sc.GEN_AI_OPERATION_CHAT;
    this.provider = info.provider ?? 'openai';
    this.agentName = agentName;
    this.analysis = getAnalysisState(parent);
    this.workflow = getWorkflowState(parent);
    runtime.guard('generation', () => this.setRequest(info));
    this.started = nowSeconds();
  }

  /** The cost computed at `end()`, in USD (0 before). */
  get costUsd(): number {
    return this.cost;
  }

  readonly setUsage = (raw: TokenUsage | object): void =>
    this.runtime.guard('generation', () => {
      this.usage = normalizeUsage(raw) ?? this.usage;
    });

  readonly setResponse = (response: GenerationResponse): void =>
    this.runtime.guard('generation', () => {
      if (typeof response.model === 'string' && response.model !== '') {
        this.responseModel = response.model;
        this.span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_MODEL, response.model);
        // Langfuse ranks this key first; the served snapshot is the more precise model.
        this.span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_MODEL, response.model);
      }
      if (typeof response.id === 'string') this.span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_ID, response.id);
      if (Array.isArray(response.finishReasons)) {
        this.span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, response.finishReasons.map(String));
      }
    });

  readonly setOutput = (output: unknown): void =>
    this.setContent(sc.ATTR_LANGFUSE_OBSERVATION_OUTPUT, output);

  readonly markFirstToken = (): void =>
    this.runtime.guard('generation', () => {
      this.span.setAttribute(sc.ATTR_LANGFUSE_COMPLETION_START_TIME, new Date().toISOString());
    });

  private setRequest(info: GenerationInfo): void {
    const parameters = info.modelParameters;
    if (parameters) {
      this.span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_MODEL_PARAMETERS, JSON.stringify(parameters));
      const { temperature, max_tokens: maxTokens } = parameters;
      if (typeof temperature === 'number')
        this.span.setAttribute(sc.ATTR_GEN_AI_REQUEST_TEMPERATURE, temperature);
      if (typeof maxTokens === 'number') this.span.setAttribute(sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS, maxTokens);
    }
    const text = this.runtime.capture(info.input);
    if (text !== undefined) this.span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_INPUT, text);
  }

  protected finish(error: unknown): void {
    const breakdown = this.runtime.pricer.costOf(this.usage, this.responseModel, this.model);
    this.cost = breakdown?.total ?? 0;
    this.span.setAttributes(usageAttributes(this.usage, breakdown));
    if (this.analysis) this.analysis.costUsd += this.cost;
    for (let run = this.workflow; run !== undefined; run = run.outer) run.costUsd += this.cost;
    this.runtime.recorder.llmCallEnded(
      {
        model: this.model,
        agentName: this.agentName,
        provider: this.provider,
        operation: this.operation,
        ok: error === undefined,
        errorType: error === undefined ? undefined : errorType(error),
        durationSeconds: nowSeconds() - this.started,
        usage: this.usage,
        costUsd: this.cost,
        priced: breakdown !== undefined,
      },
      this.span,
    );
  }
}
