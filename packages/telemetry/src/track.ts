import { context } from '@opentelemetry/api';
import { startAgent, startAnalysis, startGeneration, startTool, startWorkflow } from './scopes/start.js';
import type {
  AgentScope,
  AnalysisInfo,
  AnalysisScope,
  GenerationInfo,
  GenerationScope,
  ToolScope,
  WorkflowScope,
} from './scopes/types.js';
import { isThenable } from './util/thenable.js';

interface Endable {
  readonly context: import('@opentelemetry/api').Context;
  end(error?: unknown): void;
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
