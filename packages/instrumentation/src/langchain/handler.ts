import { type Context, context, trace } from '@opentelemetry/api';
import { startAgent, startGeneration, startTool } from '@tradingagents/telemetry';
import { log, obj, str } from '../shared/safe.js';
import { isControlFlow } from './control-flow.js';
import { generationInfoOf, generationsOf, outputOf, responseOf, usageOf } from './llm-run.js';
import { startRootChainSpan } from './root-span.js';
import { type RunEntry, RunRegistry } from './run-registry.js';
import type { LangGraphNodeInfo } from './types.js';

/** The handler's `name`: LangChain and our `_configureSync` patch de-duplicate handlers by it. */
export const HANDLER_NAME = 'tradingagents_telemetry';

export interface HandlerOptions {
  /** The agent name of a LangGraph node, or `undefined` when the node is not an agent. */
  resolveAgentName(info: LangGraphNodeInfo): string | undefined;
  /** Open a `chain` span for root runs that start outside any span. */
  rootSpan: boolean;
}

export const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function runNameOf(serialized: unknown, runName: unknown): string | undefined {
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

  private fail(what: string, error: unknown): void {
    try {
      log.error(`${what} failed`, error);
    } catch {
      // Nothing more can be done without risking the app.
    }
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
    try {
      const parent = this.runs.get(parentRunId);
      const node = str(metadata?.langgraph_node);
      if (node !== undefined) {
        const task = str(metadata?.langgraph_checkpoint_ns) ?? node;
        if (task !== parent?.task) {
          // A LangGraph node run (its inner runs carry the same task).
          this.startNode(
            chain,
            runId,
            parent,
            node,
            task,
            tags,
            metadata as Record<string, unknown>,
            runName,
          );
          return;
        }
      }
      if (parent !== undefined) {
        // A chain inside a node, or LangGraph plumbing: no scope of its own, so no entry either;
        // its children resolve to the nearest ancestor that has one.
        this.runs.alias(runId, parent);
        return;
      }
      // A root run (or one whose parent started before instrumentation): hang it under the caller's
      // context, which the inline handler sees.
      const ctx = context.active();
      if (this.options.rootSpan && trace.getSpan(ctx) === undefined) {
        this.startRootSpan(runId, runNameOf(chain, runName) ?? 'langchain', ctx);
      } else {
        this.runs.set({ owner: runId, ctx, task: undefined });
      }
    } catch (error) {
      this.fail('handleChainStart', error);
    }
  }

  private startNode(
    chain: unknown,
    runId: string,
    parent: RunEntry | undefined,
    node: string,
    task: string,
    tags: string[] | undefined,
    metadata: Record<string, unknown>,
    runName: string | undefined,
  ): void {
    const parentCtx = parent?.ctx ?? context.active();
    const agentName = this.options.resolveAgentName({
      node,
      runName: runNameOf(chain, runName),
      metadata,
      tags: asStrings(tags),
    });
    if (agentName === undefined) {
      // Not an agent (`__start__`, a skipped node): keep its task, so that its inner runs are not
      // taken for nodes.
      this.runs.set({ owner: runId, ctx: parentCtx, task });
      return;
    }
    const agent = startAgent(agentName, { parentContext: parentCtx });
    this.runs.set({ owner: runId, ctx: agent.context, end: agent.end, task });
  }

  private startRootSpan(runId: string, name: string, parentCtx: Context): void {
    const root = startRootChainSpan(name, parentCtx);
    this.runs.set({ owner: runId, ctx: root.ctx, end: root.end, task: undefined });
  }

  handleChainEnd(_outputs: unknown, runId: string): void {
    try {
      this.runs.take(runId)?.end?.();
    } catch (error) {
      this.fail('handleChainEnd', error);
    }
  }

  handleChainError(error: unknown, runId: string): void {
    this.endWithError(runId, error, 'handleChainError');
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
    try {
      this.startModelRun(llm, messages?.[0], runId, parentRunId, extraParams, metadata, 'chat');
    } catch (error) {
      this.fail('handleChatModelStart', error);
    }
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
    try {
      this.startModelRun(llm, prompts?.[0], runId, parentRunId, extraParams, metadata, 'text_completion');
    } catch (error) {
      this.fail('handleLLMStart', error);
    }
  }

  private startModelRun(
    llm: unknown,
    prompt: unknown,
    runId: string,
    parentRunId: string | undefined,
    extraParams: unknown,
    metadata: unknown,
    operation: 'chat' | 'text_completion',
  ): void {
    const parent = this.runs.get(parentRunId);
    const info = generationInfoOf(llm, prompt, extraParams, metadata, operation);
    const generation = startGeneration(info, { parentContext: parent?.ctx ?? context.active() });
    this.runs.set({
      owner: runId,
      ctx: generation.context,
      end: generation.end,
      task: parent?.task,
      generation,
    });
  }

  handleLLMNewToken(_token: string, _idx: unknown, runId: string): void {
    try {
      const run = this.runs.get(runId);
      if (run?.generation && !run.tokenSeen) {
        run.tokenSeen = true;
        run.generation.markFirstToken();
      }
    } catch (error) {
      this.fail('handleLLMNewToken', error);
    }
  }

  handleLLMEnd(output: unknown, runId: string): void {
    try {
      const run = this.runs.take(runId);
      if (!run) return;
      const generation = run.generation;
      if (generation) {
        const generations = generationsOf(output);
        const usage = usageOf(output, generations);
        if (usage) generation.setUsage(usage);
        generation.setResponse(responseOf(output, generations));
        generation.setOutput(outputOf(output, generations));
      }
      run.end?.();
    } catch (error) {
      this.fail('handleLLMEnd', error);
    }
  }

  handleLLMError(error: unknown, runId: string): void {
    try {
      this.runs.take(runId)?.end?.(error ?? new Error('LLM error'));
    } catch (e) {
      this.fail('handleLLMError', e);
    }
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
    try {
      const parent = this.runs.get(parentRunId);
      const scope = startTool(runNameOf(tool, runName) ?? 'tool', input, {
        parentContext: parent?.ctx ?? context.active(),
      });
      this.runs.set({
        owner: runId,
        ctx: scope.context,
        end: scope.end,
        task: parent?.task,
        setOutput: scope.setOutput,
      });
    } catch (error) {
      this.fail('handleToolStart', error);
    }
  }

  handleToolEnd(output: unknown, runId: string): void {
    try {
      const run = this.runs.take(runId);
      if (!run) return;
      // A ToolMessage carries the result in `content`; a plain tool returns the value itself.
      run.setOutput?.(obj(output)?.content ?? output);
      run.end?.();
    } catch (error) {
      this.fail('handleToolEnd', error);
    }
  }

  handleToolError(error: unknown, runId: string): void {
    this.endWithError(runId, error, 'handleToolError');
  }

  /** Ends a run that failed; LangGraph's control-flow signals (interrupts, Command) are not errors. */
  private endWithError(runId: string, error: unknown, callback: string): void {
    try {
      this.runs
        .take(runId)
        ?.end?.(isControlFlow(error) ? undefined : (error ?? new Error(`${callback}: no error given`)));
    } catch (e) {
      this.fail(callback, e);
    }
  }
}
