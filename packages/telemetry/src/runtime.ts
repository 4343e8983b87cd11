import { context, diag, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { ResolvedConfig } from './config.js';
import { captureContent } from './content.js';
import {
  type AnalysisState,
  getAgentName,
  getAnalysisState,
  markInsideGeneration,
  setAgentName,
  setAnalysisState,
} from './context.js';
import { computeCost } from './pricing/cost.js';
import { createPriceResolver } from './pricing/resolve.js';
import type { TokenUsage } from './pricing/types.js';
import type { InternalComponent, MetricsRecorder } from './recorder.js';
import type {
  AgentScope,
  AnalysisInfo,
  AnalysisScope,
  GenerationInfo,
  GenerationResponse,
  GenerationScope,
  StartOptions,
  ToolScope,
  WorkflowScope,
} from './scopes.js';
import * as sc from './semconv.js';
import { normalizeUsage } from './usage.js';
import { getWorkflowState, setWorkflowState, type WorkflowState } from './workflow-state.js';

const nowSeconds = (): number => performance.now() / 1000;

function errorType(error: unknown): string {
  // The app may throw anything (a revoked Proxy, an object with throwing getters): reading it must not
  // stop the scope from ending (fault-injection fuzz).
  try {
    if (error instanceof Error) return error.constructor?.name || error.name || 'Error';
    return typeof error;
  } catch {
    return '_OTHER';
  }
}

function markError(span: Span, error: unknown): void {
  // As in errorType: if the thrown value cannot be read, the span still ends (with ERROR status) and
  // the metrics are still recorded; before, the span was lost and active_analyses never went down.
  try {
    const message = error instanceof Error ? String(error.message) : String(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 1024) });
    span.setAttribute(sc.ATTR_ERROR_TYPE, errorType(error));
    span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_LEVEL, 'ERROR');
    span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_STATUS_MESSAGE, message.slice(0, 1024));
    if (error instanceof Error) span.recordException(error);
  } catch {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_LEVEL, 'ERROR');
  }
}

/**
 * `StartOptions.startTime` if it is a usable time (a valid Date, or ms since the epoch that a Date
 * can hold, not before 1970), else `undefined` (now). A non-finite time made the OTLP serialisation of
 * the whole batch throw, and a negative one made Langfuse reject it: every span in the batch was lost
 * (fault-injection fuzz).
 */
function validStartTime(time: unknown): number | Date | undefined {
  const ms = typeof time === 'number' ? time : time instanceof Date ? time.getTime() : Number.NaN;
  return ms >= 0 && Number.isFinite(new Date(ms).getTime()) ? (time as number | Date) : undefined;
}

/**
 * Everything that is live after `registerTradingAgentsTelemetry()`: the tracer, the metric
 * recorder, prices and content policy. Scopes are created here; the public `track*` functions and
 * the instrumentations call into it. Every method is guarded so that nothing reaches the caller.
 */
export class TelemetryRuntime {
  private readonly priceOf: ReturnType<typeof createPriceResolver>;
  private readonly unknownModels = new Set<string>();

  constructor(
    readonly config: ResolvedConfig,
    readonly tracer: Tracer,
    readonly recorder: MetricsRecorder,
  ) {
    this.priceOf = createPriceResolver(config.prices);
  }

  /** Runs `fn`, counting and logging any error instead of throwing it. */
  guard(component: InternalComponent, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.internalError(component, error);
    }
  }

  internalError(component: InternalComponent, error: unknown): void {
    try {
      this.recorder.internalError(component);
      diag.error(`@tradingagents/telemetry: internal error in ${component}`, error);
    } catch {
      // Nothing more can be done without risking the app.
    }
  }

  capture(content: unknown): string | undefined {
    return captureContent(this.config.content, content);
  }

  /**
   * The cost of `usage`, priced by the first of `models` the price table knows (the served snapshot,
   * then the requested model). An unknown model costs 0 and is reported once, by its requested name.
   */
  costOf(usage: TokenUsage, ...models: (string | undefined)[]) {
    for (const model of models) {
      const price = model === undefined ? undefined : this.priceOf(model);
      if (price !== undefined) return computeCost(usage, price);
    }
    const model = models.at(-1) ?? 'unknown';
    if (!this.unknownModels.has(model) && this.unknownModels.size < 1000) {
      this.unknownModels.add(model);
      diag.warn(
        `@tradingagents/telemetry: no price for model ${JSON.stringify(model.slice(0, 128))}; its cost is recorded as 0. Pass \`prices\` to add it.`,
      );
    }
    return undefined;
  }

  startAnalysis(info: AnalysisInfo, options: StartOptions = {}): AnalysisScope {
    const parent = options.parentContext ?? context.active();
    const ticker = typeof info?.ticker === 'string' ? info.ticker : String(info?.ticker);
    // A span name that is not a string (e.g. a circular object) made the OTLP JSON serialisation of the
    // whole batch throw, losing every span in it (fault-injection fuzz).
    const traceName = typeof info.name === 'string' ? info.name : `analysis ${ticker}`;
    const traceAttributes: Record<string, string | string[]> = { [sc.ATTR_LANGFUSE_TRACE_NAME]: traceName };
    if (typeof info.sessionId === 'string') {
      traceAttributes[sc.ATTR_SESSION_ID] = info.sessionId;
      traceAttributes[sc.ATTR_LANGFUSE_SESSION_ID] = info.sessionId;
    }
    if (typeof info.userId === 'string') {
      traceAttributes[sc.ATTR_USER_ID] = info.userId;
      traceAttributes[sc.ATTR_LANGFUSE_USER_ID] = info.userId;
    }
    if (Array.isArray(info.tags)) traceAttributes[sc.ATTR_LANGFUSE_TRACE_TAGS] = info.tags.map(String);
    const state: AnalysisState = { ticker, traceAttributes, costUsd: 0 };
    const span = this.tracer.startSpan(
      traceName,
      {
        kind: SpanKind.INTERNAL,
        startTime: validStartTime(options.startTime),
        attributes: {
          ...traceAttributes,
          [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: 'chain',
          [sc.ATTR_TRADINGAGENTS_TICKER]: ticker,
          ...(info.tradeDate ? { [sc.ATTR_TRADINGAGENTS_TRADE_DATE]: String(info.tradeDate) } : {}),
          [`${sc.ATTR_LANGFUSE_TRACE_METADATA}.ticker`]: ticker,
          ...Object.fromEntries(
            Object.entries(info.metadata ?? {}).map(([k, v]) => [
              `${sc.ATTR_LANGFUSE_TRACE_METADATA}.${k}`,
              v,
            ]),
          ),
        },
      },
      parent,
    );
    const ctx = setAnalysisState(trace.setSpan(parent, span), state);
    const started = nowSeconds();
    this.guard('metrics', () => this.recorder.analysisStarted());
    let ended = false;
    return {
      context: ctx,
      span,
      get costUsd() {
        return state.costUsd;
      },
      setDecision: (decision: string) =>
        this.guard('analysis', () => {
          span.setAttribute(sc.ATTR_TRADINGAGENTS_DECISION, String(decision));
          this.recorder.tradeDecision(decision);
        }),
      setOutput: (output: unknown) =>
        this.guard('analysis', () => {
          const text = this.capture(output);
          if (text !== undefined) span.setAttribute(sc.ATTR_LANGFUSE_TRACE_OUTPUT, text);
        }),
      end: (error?: unknown) => {
        if (ended) return;
        ended = true;
        this.guard('analysis', () => {
          span.setAttribute(sc.ATTR_TRADINGAGENTS_ANALYSIS_COST, state.costUsd);
          if (error !== undefined) markError(span, error);
          this.recorder.analysisEnded(ticker, error === undefined, nowSeconds() - started, state.costUsd);
          span.end();
        });
      },
    };
  }

  /**
   * One workflow run: a `chain` span that names the Langfuse trace, and the run's count, duration and
   * cost (the sum of the generations inside it) by workflow name.
   */
  startWorkflow(name: string, options: StartOptions = {}): WorkflowScope {
    const parent = options.parentContext ?? context.active();
    const workflowName = typeof name === 'string' ? name : String(name); // not a string: see startAnalysis
    const state: WorkflowState = { name: workflowName, outer: getWorkflowState(parent), costUsd: 0 };
    const span = this.tracer.startSpan(
      workflowName,
      {
        kind: SpanKind.INTERNAL,
        startTime: validStartTime(options.startTime),
        attributes: {
          [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: 'chain',
          [sc.ATTR_LANGFUSE_TRACE_NAME]: workflowName,
          [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_INVOKE_WORKFLOW,
          [sc.ATTR_GEN_AI_WORKFLOW_NAME]: workflowName,
        },
      },
      parent,
    );
    const ctx = setWorkflowState(trace.setSpan(parent, span), state);
    const started = nowSeconds();
    let ended = false;
    return {
      context: ctx,
      span,
      workflowName,
      get costUsd() {
        return state.costUsd;
      },
      end: (error?: unknown) => {
        if (ended) return;
        ended = true;
        this.guard('workflow', () => {
          span.setAttribute(sc.ATTR_TRADINGAGENTS_WORKFLOW_COST, state.costUsd);
          if (error !== undefined) markError(span, error);
          this.recorder.workflowEnded(
            workflowName,
            error === undefined,
            nowSeconds() - started,
            state.costUsd,
          );
          span.end();
        });
      },
    };
  }

  startAgent(name: string, options: StartOptions = {}): AgentScope {
    const parent = options.parentContext ?? context.active();
    const agentName = typeof name === 'string' ? name : String(name);
    const span = this.tracer.startSpan(
      `${sc.GEN_AI_OPERATION_INVOKE_AGENT} ${agentName}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: validStartTime(options.startTime),
        attributes: {
          [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_INVOKE_AGENT,
          [sc.ATTR_GEN_AI_AGENT_NAME]: agentName,
          [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: 'agent',
        },
      },
      parent,
    );
    const ctx = setAgentName(trace.setSpan(parent, span), agentName);
    const started = nowSeconds();
    let ended = false;
    return {
      context: ctx,
      span,
      agentName,
      end: (error?: unknown) => {
        if (ended) return;
        ended = true;
        this.guard('agent', () => {
          if (error !== undefined) markError(span, error);
          this.recorder.agentEnded(agentName, error === undefined, nowSeconds() - started);
          span.end();
        });
      },
    };
  }

  startTool(name: string, input?: unknown, options: StartOptions = {}): ToolScope {
    const parent = options.parentContext ?? context.active();
    const toolName = typeof name === 'string' ? name : String(name);
    const agentName = getAgentName(parent);
    const started = nowSeconds();
    const span = this.tracer.startSpan(
      `${sc.GEN_AI_OPERATION_EXECUTE_TOOL} ${toolName}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: validStartTime(options.startTime),
        attributes: {
          [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_EXECUTE_TOOL,
          [sc.ATTR_GEN_AI_TOOL_NAME]: toolName,
          [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: 'tool',
          ...(agentName ? { [sc.ATTR_GEN_AI_AGENT_NAME]: agentName } : {}),
        },
      },
      parent,
    );
    this.guard('tool', () => {
      const text = this.capture(input);
      if (text !== undefined) span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_INPUT, text);
    });
    let ended = false;
    return {
      context: trace.setSpan(parent, span),
      span,
      toolName,
      setOutput: (output: unknown) =>
        this.guard('tool', () => {
          const text = this.capture(output);
          if (text !== undefined) span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_OUTPUT, text);
        }),
      end: (error?: unknown) => {
        if (ended) return;
        ended = true;
        this.guard('tool', () => {
          if (error !== undefined) markError(span, error);
          this.recorder.toolEnded(
            toolName,
            agentName,
            error === undefined ? undefined : errorType(error),
            nowSeconds() - started,
          );
          span.end();
        });
      },
    };
  }

  startGeneration(info: GenerationInfo, options: StartOptions = {}): GenerationScope {
    const parent = options.parentContext ?? context.active();
    const model = typeof info?.model === 'string' && info.model !== '' ? info.model : 'unknown';
    const operation = info.operation ?? sc.GEN_AI_OPERATION_CHAT;
    const provider = info.provider ?? 'openai';
    const agentName = info.agentName ?? getAgentName(parent);
    const analysis = getAnalysisState(parent);
    const workflow = getWorkflowState(parent);
    const span = this.tracer.startSpan(
      typeof info.name === 'string' ? info.name : `${operation} ${model}`, // not a string: see startAnalysis
      {
        kind: SpanKind.CLIENT,
        startTime: validStartTime(options.startTime),
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
    this.guard('generation', () => {
      if (info.modelParameters) {
        span.setAttribute(
          sc.ATTR_LANGFUSE_OBSERVATION_MODEL_PARAMETERS,
          JSON.stringify(info.modelParameters),
        );
        const { temperature, max_tokens: maxTokens } = info.modelParameters;
        if (typeof temperature === 'number')
          span.setAttribute(sc.ATTR_GEN_AI_REQUEST_TEMPERATURE, temperature);
        if (typeof maxTokens === 'number') span.setAttribute(sc.ATTR_GEN_AI_REQUEST_MAX_TOKENS, maxTokens);
      }
      const text = this.capture(info.input);
      if (text !== undefined) span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_INPUT, text);
    });
    const started = nowSeconds();
    let usage: TokenUsage = { input: 0, output: 0 };
    let responseModel: string | undefined;
    let cost = 0;
    let ended = false;
    return {
      context: markInsideGeneration(trace.setSpan(parent, span)),
      span,
      get costUsd() {
        return cost;
      },
      setUsage: (raw) =>
        this.guard('generation', () => {
          usage = normalizeUsage(raw) ?? usage;
        }),
      setResponse: (response: GenerationResponse) =>
        this.guard('generation', () => {
          if (typeof response.model === 'string' && response.model !== '') {
            responseModel = response.model;
            span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_MODEL, response.model);
            // Langfuse ranks this key first; the served snapshot is the more precise model.
            span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_MODEL, response.model);
          }
          if (typeof response.id === 'string') span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_ID, response.id);
          if (Array.isArray(response.finishReasons)) {
            span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, response.finishReasons.map(String));
          }
        }),
      setOutput: (output: unknown) =>
        this.guard('generation', () => {
          const text = this.capture(output);
          if (text !== undefined) span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_OUTPUT, text);
        }),
      markFirstToken: () =>
        this.guard('generation', () => {
          span.setAttribute(sc.ATTR_LANGFUSE_COMPLETION_START_TIME, new Date().toISOString());
        }),
      end: (error?: unknown) => {
        if (ended) return;
        ended = true;
        this.guard('generation', () => {
          const breakdown = this.costOf(usage, responseModel, model);
          cost = breakdown?.total ?? 0;
          setUsageAttributes(span, usage, breakdown);
          if (analysis) analysis.costUsd += cost;
          for (let run = workflow; run !== undefined; run = run.outer) run.costUsd += cost;
          if (error !== undefined) markError(span, error);
          this.recorder.llmCallEnded({
            model,
            agentName,
            provider,
            operation,
            ok: error === undefined,
            errorType: error === undefined ? undefined : errorType(error),
            durationSeconds: nowSeconds() - started,
            usage,
            costUsd: cost,
          });
          span.end();
        });
      },
    };
  }
}

function setUsageAttributes(
  span: Span,
  usage: TokenUsage,
  cost: ReturnType<typeof computeCost> | undefined,
): void {
  const input = usage.input ?? 0;
  const output = usage.output ?? 0;
  const cacheRead = usage.cacheRead ?? 0;
  const reasoning = usage.reasoning ?? 0;
  span.setAttribute(sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS, input);
  span.setAttribute(sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, output);
  if (cacheRead > 0) span.setAttribute(sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
  if (reasoning > 0) span.setAttribute(sc.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
  // Langfuse's convention: `input`/`output` exclude the cached/reasoning parts, which get keys of their own,
  // so that Langfuse's `total` (the sum) is right.
  const details: Record<string, number> = {
    input: Math.max(0, input - cacheRead),
    output: Math.max(0, output - reasoning),
    total: input + output,
  };
  if (cacheRead > 0) details.input_cached_tokens = cacheRead;
  if (reasoning > 0) details.output_reasoning_tokens = reasoning;
  span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_USAGE_DETAILS, JSON.stringify(details));
  const total = cost?.total ?? 0;
  span.setAttribute(sc.ATTR_GEN_AI_USAGE_COST, total);
  const costDetails: Record<string, number> = {
    input: cost?.input ?? 0,
    output: cost?.output ?? 0,
    total,
  };
  if (cost && cost.cache_read > 0) costDetails.input_cached_tokens = cost.cache_read;
  if (cost && cost.reasoning > 0) costDetails.output_reasoning_tokens = cost.reasoning;
  if (cost && cost.cache_write > 0) costDetails.input_cache_creation = cost.cache_write;
  span.setAttribute(sc.ATTR_LANGFUSE_OBSERVATION_COST_DETAILS, JSON.stringify(costDetails));
}
