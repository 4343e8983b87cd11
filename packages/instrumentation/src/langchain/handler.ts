import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { startAgent, startGeneration, startTool, TRACER_NAME } from '@tradingagents/telemetry';
import { obj, safely, str } from '../shared/safe.js';
import { PACKAGE_VERSION } from '../version.js';
import { isControlFlow } from './control-flow.js';
import { generationInfoOf, outputOf, responseOf, usageOf } from './llm-run.js';
import { RunRegistry } from './run-registry.js';
import type { LangGraphNodeInfo } from './types.js';

/** The handler's `name`: LangChain and our `_configureSync` patch de-duplicate handlers by it. */
export const HANDLER_NAME = 'tradingagents_telemetry';

export interface HandlerOptions {
  /** The agent name of a LangGraph node, or `undefined` when the node is not an agent. */
  resolveAgentName(info: LangGraphNodeInfo): string | undefined;
  /** Open a `chain` span for root runs that start outside any span. */
  rootSpan: boolean;
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function runNameOf(serialized: unknown, runName: unknown): string | undefined {
  const s = obj(serialized);
  const id = Array.isArray(s?.id) ? s.id : [];
  return str(runName) ?? str(s?.name) ?? str(id[id.length - 1]);
}

/**
 * One LangChain callback handler that maps runs onto the core's scopes: LangGraph node runs →
 * `invoke_agent` (agent metrics), chat-model and LLM runs → generations (usage, cost), tool runs →
 * `execute_tool` (tool metrics). Nesting follows LangChain's run ids, not the active context, so
 * parallel branches nest under their own node. Duck-types `BaseCallbackHandler` so that no runtime
 * import of `@langchain/core` is needed. Every method swallows its own errors.
 */
export class TradingAgentsCallbackHandler {
  readonly name = HANDLER_NAME;
  // Run inline rather than in LangChain's background queue: the root run must see the caller's
  // active context (e.g. `trackAnalysis`), and spans must start and end when the runs do.
  readonly awaitHandlers = true;
  readonly raiseError = false;
  readonly ignoreLLM = false;
  readonly ignoreChain = false;
  // LangChain gates tool callbacks on `ignoreAgent`.
  readonly ignoreAgent = false;
  readonly ignoreRetriever = true;
  readonly ignoreCustomEvent = true;
  readonly lc_serializable = false;
  private readonly runs = new RunRegistry();

  constructor(private readonly options: HandlerOptions) {}

  /** LangChain copies handlers when it forks managers; ours is stateless per manager, so share it. */
  copy(): this {
    return this;
  }

  /** Runs in flight (for tests and leak checks). */
  get openRuns(): number {
    return this.runs.size;
  }

  private parentOf(parentRunId: unknown): { ctx: Context; task: string | undefined; known: boolean } {
    const parent = this.runs.get(parentRunId);
    if (parent) return { ctx: parent.ctx, task: parent.task, known: true };
    // An unknown parent (the root run, or a parent started before instrumentation): hang the run
    // under the caller's context, which the inline handler sees.
    return { ctx: context.active(), task: undefined, known: false };
  }

  handleChainStart(
    chain: unknown,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ): void {
    safely(
      'handleChainStart',
      () => {
        const parent = this.parentOf(parentRunId);
        const meta = obj(metadata) ?? {};
        const node = str(meta.langgraph_node);
        const task = node === undefined ? parent.task : (str(meta.langgraph_checkpoint_ns) ?? node);
        if (node !== undefined && task !== parent.task) {
          const name = runNameOf(chain, runName);
          const agentName = this.options.resolveAgentName({
            node,
            runName: name,
            metadata: meta,
            tags: asStrings(tags),
          });
          if (agentName !== undefined) {
            const agent = startAgent(agentName, { parentContext: parent.ctx });
            this.runs.set(runId, { ctx: agent.context, end: agent.end, task });
            return;
          }
        } else if (!parent.known && this.options.rootSpan && trace.getSpan(parent.ctx) === undefined) {
          this.startRootSpan(runId, runNameOf(chain, runName) ?? 'langchain', parent.ctx, task);
          return;
        }
        this.runs.set(runId, { ctx: parent.ctx, task });
      },
      undefined,
    );
  }

  private startRootSpan(runId: string, name: string, parentCtx: Context, task: string | undefined): void {
    const span = trace.getTracer(TRACER_NAME, PACKAGE_VERSION).startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        attributes: { 'langfuse.observation.type': 'chain', 'langfuse.trace.name': name },
      },
      parentCtx,
    );
    const end = (error?: unknown): void => {
      if (error !== undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.message ?? error) });
        span.setAttribute('langfuse.observation.level', 'ERROR');
      }
      span.end();
    };
    this.runs.set(runId, { ctx: trace.setSpan(parentCtx, span), end, task });
  }

  handleChainEnd(_outputs: unknown, runId: string): void {
    safely('handleChainEnd', () => this.runs.take(runId)?.end?.(), undefined);
  }

  handleChainError(error: unknown, runId: string): void {
    safely(
      'handleChainError',
      () =>
        this.runs.take(runId)?.end?.(isControlFlow(error) ? undefined : (error ?? new Error('chain error'))),
      undefined,
    );
  }

  handleChatModelStart(
    llm: unknown,
    messages: unknown[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.startModelRun(
      'handleChatModelStart',
      llm,
      messages?.[0],
      runId,
      parentRunId,
      extraParams,
      metadata,
      'chat',
    );
  }

  handleLLMStart(
    llm: unknown,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.startModelRun(
      'handleLLMStart',
      llm,
      prompts?.[0],
      runId,
      parentRunId,
      extraParams,
      metadata,
      'text_completion',
    );
  }

  private startModelRun(
    what: string,
    llm: unknown,
    prompt: unknown,
    runId: string,
    parentRunId: string | undefined,
    extraParams: unknown,
    metadata: unknown,
    operation: 'chat' | 'text_completion',
  ): void {
    safely(
      what,
      () => {
        const parent = this.parentOf(parentRunId);
        const info = generationInfoOf(llm, prompt, extraParams, metadata, operation);
        const generation = startGeneration(info, { parentContext: parent.ctx });
        this.runs.set(runId, {
          ctx: generation.context,
          end: generation.end,
          task: parent.task,
          markFirstToken: generation.markFirstToken,
          generation,
        });
      },
      undefined,
    );
  }

  handleLLMNewToken(_token: string, _idx: unknown, runId: string): void {
    safely(
      'handleLLMNewToken',
      () => {
        const run = this.runs.get(runId);
        if (run?.markFirstToken && !run.tokenSeen) {
          run.tokenSeen = true;
          run.markFirstToken();
        }
      },
      undefined,
    );
  }

  handleLLMEnd(output: unknown, runId: string): void {
    safely(
      'handleLLMEnd',
      () => {
        const run = this.runs.take(runId);
        if (!run) return;
        const usage = usageOf(output);
        if (usage) run.generation?.setUsage(usage);
        run.generation?.setResponse(responseOf(output));
        run.generation?.setOutput(outputOf(output));
        run.end?.();
      },
      undefined,
    );
  }

  handleLLMError(error: unknown, runId: string): void {
    safely('handleLLMError', () => this.runs.take(runId)?.end?.(error ?? new Error('LLM error')), undefined);
  }

  handleToolStart(
    tool: unknown,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    safely(
      'handleToolStart',
      () => {
        const parent = this.parentOf(parentRunId);
        const scope = startTool(runNameOf(tool, runName) ?? 'tool', input, { parentContext: parent.ctx });
        this.runs.set(runId, {
          ctx: scope.context,
          end: scope.end,
          task: parent.task,
          setOutput: scope.setOutput,
        });
      },
      undefined,
    );
  }

  handleToolEnd(output: unknown, runId: string): void {
    safely(
      'handleToolEnd',
      () => {
        const run = this.runs.take(runId);
        // A ToolMessage carries the result in `content`; a plain tool returns the value itself.
        run?.setOutput?.(obj(output)?.content ?? output);
        run?.end?.();
      },
      undefined,
    );
  }

  handleToolError(error: unknown, runId: string): void {
    safely(
      'handleToolError',
      () =>
        this.runs.take(runId)?.end?.(isControlFlow(error) ? undefined : (error ?? new Error('tool error'))),
      undefined,
    );
  }
}
