import { context } from '@opentelemetry/api';
import { getRuntime } from './global.js';
import {
  noopAgentScope,
  noopAnalysisScope,
  noopGenerationScope,
  noopToolScope,
  noopWorkflowScope,
} from './noop-scopes.js';
import type {
  AgentScope,
  AnalysisInfo,
  AnalysisScope,
  GenerationInfo,
  GenerationScope,
  StartOptions,
  ToolScope,
  WorkflowScope,
} from './scopes.js';

interface Endable {
  readonly context: import('@opentelemetry/api').Context;
  end(error?: unknown): void;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  // Reading `then` can throw (a revoked Proxy, a throwing getter); such a value is not a promise we
  // can observe, and the caller must get it back unchanged rather than our TypeError (fault-injection fuzz).
  try {
    return (
      value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Runs `fn(scope)` in the scope's context and ends the scope when `fn` returns, throws, or (for a
 * promise) settles. The value returned or thrown is the caller's own, unchanged: the very same
 * promise object is returned, observed from the side.
 */
function runIn<S extends Endable, T>(scope: S, fn: (scope: S) => T): T {
  let result: T;
  try {
    result = context.with(scope.context, fn, undefined, scope);
  } catch (error) {
    scope.end(error);
    throw error;
  }
  if (isThenable(result)) {
    try {
      result.then(
        () => scope.end(),
        (error: unknown) => scope.end(error ?? new Error('rejected')),
      );
    } catch (error) {
      scope.end(error);
    }
  } else {
    scope.end();
  }
  return result;
}

function safeStart<S>(start: () => S, fallback: () => S): S {
  try {
    return start();
  } catch (error) {
    getRuntime()?.internalError('start', error);
    return fallback();
  }
}

/** Starts an analysis scope by hand (for instrumentations); end it with `scope.end(error?)`. */
export function startAnalysis(info: AnalysisInfo, options?: StartOptions): AnalysisScope {
  const runtime = getRuntime();
  if (!runtime) return noopAnalysisScope();
  return safeStart(() => runtime.startAnalysis(info, options), noopAnalysisScope);
}

/**
 * Starts a workflow run by hand (for instrumentations: the LangChain handler opens one for every root
 * run outside any span); end it with `scope.end(error?)`. Without a registered runtime the scope is a
 * no-op whose `context` is `options.parentContext` (or the active context).
 */
export function startWorkflow(name: string, options?: StartOptions): WorkflowScope {
  const runtime = getRuntime();
  const fallback = () => noopWorkflowScope(name, options?.parentContext ?? context.active());
  if (!runtime) return fallback();
  return safeStart(() => runtime.startWorkflow(name, options), fallback);
}

/** Starts an agent scope by hand (for instrumentations); end it with `scope.end(error?)`. */
export function startAgent(name: string, options?: StartOptions): AgentScope {
  const runtime = getRuntime();
  if (!runtime) return noopAgentScope(name);
  return safeStart(
    () => runtime.startAgent(name, options),
    () => noopAgentScope(name),
  );
}

/** Starts a tool scope by hand (for instrumentations); end it with `scope.end(error?)`. */
export function startTool(name: string, input?: unknown, options?: StartOptions): ToolScope {
  const runtime = getRuntime();
  if (!runtime) return noopToolScope(name);
  return safeStart(
    () => runtime.startTool(name, input, options),
    () => noopToolScope(name),
  );
}

/** Starts a generation (one model call) by hand; set usage, then `scope.end(error?)`. */
export function startGeneration(info: GenerationInfo, options?: StartOptions): GenerationScope {
  const runtime = getRuntime();
  if (!runtime) return noopGenerationScope();
  return safeStart(() => runtime.startGeneration(info, options), noopGenerationScope);
}

/**
 * Tracks one analysis: a root span `analysis <ticker>` (the Langfuse trace name), the active-analyses
 * gauge, the analyses counter and duration, and the analysis cost (the sum of the LLM costs inside).
 * Works for sync and async callbacks; the return value and errors pass through unchanged.
 *
 * @example
 * ```ts
 * const decision = await trackAnalysis({ ticker: 'NVDA', tradeDate: '2026-11-20' }, async (analysis) => {
 *   const result = await graph.invoke({ ticker: 'NVDA' });
 *   analysis.setDecision(result.decision);
 *   return result.decision;
 * });
 * ```
 */
export function trackAnalysis<T>(info: AnalysisInfo, fn: (analysis: AnalysisScope) => T): T {
  return runIn(startAnalysis(info), fn);
}

/**
 * Tracks one workflow run (a graph or pipeline invocation that is not an analysis): a root span named
 * `name` (the Langfuse trace name), the runs counter by status, the duration and the run's LLM cost,
 * by workflow name. Root LangChain/LangGraph runs outside any span get one automatically; use this to
 * name a run yourself or to track a pipeline that is not a LangChain runnable.
 *
 * @example
 * ```ts
 * const answer = await trackWorkflow('support_bot', () => graph.invoke({ messages }));
 * ```
 */
export function trackWorkflow<T>(name: string, fn: (workflow: WorkflowScope) => T): T {
  return runIn(startWorkflow(name), fn);
}

/**
 * Tracks one agent execution: an `invoke_agent <name>` span, the executions counter and the duration.
 * LLM calls and tools inside are attributed to this agent.
 *
 * @example
 * ```ts
 * const report = await trackAgent('market_analyst', () => marketAnalyst.run(state));
 * ```
 */
export function trackAgent<T>(name: string, fn: (agent: AgentScope) => T): T {
  return runIn(startAgent(name), fn);
}

/**
 * Tracks one model call: a `chat <model>` generation span with usage and cost, plus token, cost and
 * request metrics attributed to the enclosing agent. Report usage with `generation.setUsage(...)`.
 *
 * @example
 * ```ts
 * const reply = await trackLlmCall({ model: 'gpt-4o-mini' }, async (generation) => {
 *   const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
 *   generation.setUsage(res.usage ?? {});
 *   generation.setResponse({ model: res.model, id: res.id });
 *   return res;
 * });
 * ```
 */
export function trackLlmCall<T>(info: GenerationInfo, fn: (generation: GenerationScope) => T): T {
  return runIn(startGeneration(info), fn);
}

/**
 * Tracks one tool call: an `execute_tool <name>` span and the tool-calls counter.
 *
 * @example
 * ```ts
 * const prices = await trackTool('get_price_history', (tool) => getPriceHistory('NVDA'));
 * ```
 */
export function trackTool<T>(name: string, fn: (tool: ToolScope) => T, input?: unknown): T {
  return runIn(startTool(name, input), fn);
}
