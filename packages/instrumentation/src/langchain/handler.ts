/*
 * Why this file is longer than ~300 lines: it is the one LangChain callback handler, and LangChain's
 * callback interface is one object (chain, LLM and tool callbacks of the same runs share its run
 * registry and tool-call ledger). The pieces with logic of their own live beside it (run-registry,
 * graph-shape, llm-run, tool-calls, stream-usage, root-span, agent-names); what is left here is the
 * mapping of each callback onto a scope.
 */
import { type Context, context } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import {
  getAgentName,
  isInsideTrackedRun,
  startAgent,
  startGeneration,
  startTool,
} from '@tradingagents/telemetry/instrumentation-api';
import { type StreamStopListener, streamTokenOf } from '../shared/model-call-context.js';
import { log, obj, str } from '../shared/safe.js';
import type { AgentNameResolver } from './agent-names.js';
import { isControlFlow } from './control-flow.js';
import { graphNameOf, isGraphRun, isPrebuiltAgentNode, isToolNodeRun } from './graph-shape.js';
import { generationInfoOf, generationsOf, outputOf, responseOf, usageOf } from './llm-run.js';
import { startRootChainSpan } from './root-span.js';
import { endEntry, type RunEntry, RunRegistry } from './run-registry.js';
import { addStreamUsage } from './stream-usage.js';
import { ToolCallLedger } from './tool-calls.js';

/** The handler's `name`: LangChain and our `_configureSync` patch de-duplicate handlers by it. */
export const HANDLER_NAME = 'tradingagents_telemetry';

export interface HandlerOptions {
  /** The agent name of a LangGraph node or named graph, or `undefined` when it is not an agent. */
  resolveAgentName: AgentNameResolver;
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

/** `ctx` with our spans suppressed (metrics are still recorded): for runs another tracer records. */
function quietContext(ctx: Context): Context {
  return isTracingSuppressed(ctx) ? ctx : suppressTracing(ctx);
}

/**
 * One LangChain callback handler that maps runs onto the core's scopes: LangGraph node runs (and
 * named prebuilt agents) → `invoke_agent` (agent metrics), chat-model and LLM runs → generations
 * (usage, cost), tool runs → `execute_tool` (tool metrics). Nesting follows LangChain's run ids, not
 * the active context, so parallel branches nest under their own node. Duck-types
 * `BaseCallbackHandler` so that no runtime import of `@langchain/core` is needed. Every method
 * swallows its own errors.
 *
 * Its {@link TradingAgentsCallbackHandler.quiet} view shares its state but records metrics only: it is
 * the one added to runs that Langfuse's own LangChain handler already traces.
 */
export class TradingAgentsCallbackHandler implements StreamStopListener {
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
  /** True on the metrics-only view (see {@link TradingAgentsCallbackHandler.quiet}). */
  readonly metricsOnly: boolean = false;
  private readonly runs = new RunRegistry();
  private readonly toolCalls = new ToolCallLedger();
  private quietView: TradingAgentsCallbackHandler | undefined;

  constructor(private readonly options: HandlerOptions) {}

  /** LangChain copies handlers when it forks managers; ours is stateless per manager, so share it. */
  copy(): this {
    return this;
  }

  /**
   * The same handler (same runs, same name, so still added once) recording metrics but no spans:
   * for the runs Langfuse's own `CallbackHandler` traces, so that each call appears once in Langfuse.
   */
  quiet(): TradingAgentsCallbackHandler {
    if (this.metricsOnly) return this;
    if (this.quietView === undefined) {
      const view = Object.create(this) as TradingAgentsCallbackHandler;
      Object.defineProperty(view, 'metricsOnly', { value: true });
      this.quietView = view;
    }
    return this.quietView;
  }

  /** Runs in flight, for leak checks. @internal */
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

  /** The context a run starts its scope in: its parent's, else the caller's; without spans when quiet. */
  private parentContext(parent: RunEntry | undefined): Context {
    const ctx = parent?.ctx ?? context.active();
    return this.metricsOnly ? quietContext(ctx) : ctx;
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
        // A graph run outside any agent (at the top of a task, inside a tool…) keeps its name: it
        // becomes that agent if it turns out to be a prebuilt one.
        const graph =
          parent.agent === undefined && isGraphRun(chain) ? graphNameOf(runName, metadata) : undefined;
        if (graph !== undefined) {
          const ctx = this.parentContext(parent);
          this.runs.set({ owner: runId, ctx, task: parent.task, graph, startedAt: Date.now() });
          return;
        }
        // A chain inside a node, or LangGraph plumbing: no scope of its own, so no entry either;
        // its children resolve to the nearest ancestor that has one.
        this.runs.alias(runId, parent);
        return;
      }
      this.startRoot(chain, runId, metadata, runName);
    } catch (error) {
      this.fail('handleChainStart', error);
    }
  }

  /**
   * A root run (or one whose parent started before instrumentation): hang it under the caller's
   * context, which the inline handler sees.
   */
  private startRoot(chain: unknown, runId: string, metadata: unknown, runName: string | undefined): void {
    const ctx = this.parentContext(undefined);
    const graph = isGraphRun(chain) ? graphNameOf(runName, metadata) : undefined;
    const startedAt = graph === undefined ? undefined : Date.now();
    if (this.options.rootSpan && !isInsideTrackedRun(ctx)) {
      const root = startRootChainSpan(runNameOf(chain, runName) ?? 'langchain', ctx);
      this.runs.set({ owner: runId, ctx: root.ctx, end: root.end, task: undefined, graph, startedAt });
    } else {
      this.runs.set({ owner: runId, ctx, task: undefined, graph, startedAt });
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
    const info = () => ({ node, runName: runNameOf(chain, runName), metadata, tags: asStrings(tags) });
    // A prebuilt agent's own steps belong to the agent around them: the node it runs as (supervisor
    // and swarm workers), or the named graph itself (`createReactAgent({ name })` invoked directly).
    let host: RunEntry | undefined;
    if (isPrebuiltAgentNode(node)) host = parent?.agent !== undefined ? parent : this.graphAgent(parent);
    const byDefault = host !== undefined || isToolNodeRun(chain) ? undefined : node;
    const agentName = this.options.resolveAgentName(node, byDefault, info);
    const parentCtx = this.parentContext(parent);
    if (agentName === undefined) {
      // Not an agent (plumbing, `__start__`, a skipped node): keep its task, so that its inner runs
      // are not taken for nodes, and the agent around it.
      const around = host ?? parent;
      this.runs.set({ owner: runId, ctx: host?.ctx ?? parentCtx, task, agent: around?.agent });
      return;
    }
    const agent = startAgent(agentName, { parentContext: parentCtx });
    this.runs.set({ owner: runId, ctx: agent.context, end: agent.end, task, agent: agentName });
  }

  /**
   * Makes a named graph run (outside any agent) the agent its prebuilt steps belong to, once, when
   * the first of them starts; `undefined` if `entry` is not such a graph or its name is mapped away.
   */
  private graphAgent(entry: RunEntry | undefined): RunEntry | undefined {
    const graph = entry?.graph;
    if (entry === undefined || graph === undefined) return undefined;
    entry.graph = undefined;
    const agentName = this.options.resolveAgentName(graph, graph, () => ({
      node: graph,
      runName: graph,
      metadata: {},
      tags: [],
    }));
    if (agentName === undefined) return undefined;
    const agent = startAgent(agentName, { parentContext: entry.ctx, startTime: entry.startedAt });
    entry.ctx = agent.context;
    entry.agent = agentName;
    entry.endAgent = agent.end;
    return entry;
  }

  handleChainEnd(_outputs: unknown, runId: string): void {
    try {
      const run = this.runs.take(runId);
      if (run !== undefined) endEntry(run);
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
    const parentCtx = this.parentContext(parent);
    const info = generationInfoOf(llm, prompt, extraParams, metadata, operation);
    const generation = startGeneration(info, { parentContext: parentCtx });
    this.runs.set({
      owner: runId,
      ctx: generation.context,
      end: generation.end,
      task: parent?.task,
      generation,
      parentCtx,
    });
    // A `.stream()` of a chat model: register the run, so that a stream stopped early still ends it.
    const token = streamTokenOf(context.active());
    if (token !== undefined && token.runId === undefined) {
      token.runId = runId;
      token.listener = this;
    }
  }

  handleLLMNewToken(
    _token: string,
    _idx: unknown,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    fields?: { chunk?: unknown },
  ): void {
    try {
      const run = this.runs.get(runId);
      if (run?.generation === undefined) return;
      if (!run.tokenSeen) {
        run.tokenSeen = true;
        run.generation.markFirstToken();
      }
      const usage = obj(obj(obj(fields?.chunk)?.message)?.usage_metadata);
      if (usage !== undefined) run.streamUsage = addStreamUsage(run.streamUsage, usage);
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
        const message = obj(generations[0])?.message;
        if (run.parentCtx !== undefined) this.toolCalls.recordFrom(message, run.parentCtx);
      }
      run.end?.();
    } catch (error) {
      this.fail('handleLLMEnd', error);
    }
  }

  /** A stream its consumer stopped early: end its generation with the usage its chunks carried. */
  endStoppedStream(runId: string): void {
    try {
      const run = this.runs.take(runId);
      if (!run) return;
      if (run.streamUsage !== undefined) run.generation?.setUsage(run.streamUsage);
      run.end?.();
    } catch (error) {
      this.fail('endStoppedStream', error);
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
    toolCallId?: string,
  ): void {
    try {
      const parent = this.runs.get(parentRunId);
      const call =
        this.toolCalls.take(toolCallId) ??
        (toolCallId === undefined && runName === undefined ? this.toolCalls.takeByInput(input) : undefined);
      let parentCtx = this.parentContext(parent);
      // A tool run by plumbing outside any agent (a `ToolNode` beside the agent node) counts for
      // the agent whose model asked for it.
      if (call !== undefined && getAgentName(parentCtx) === undefined) parentCtx = call.requester;
      // The name the model saw: a class-based tool reports only its class name to the callbacks.
      const name = str(runName) ?? call?.name ?? runNameOf(tool, undefined) ?? 'tool';
      const scope = startTool(name, input, { parentContext: parentCtx });
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
      const run = this.runs.take(runId);
      if (run === undefined) return;
      endEntry(run, isControlFlow(error) ? undefined : (error ?? new Error(`${callback}: no error given`)));
    } catch (e) {
      this.fail(callback, e);
    }
  }
}
