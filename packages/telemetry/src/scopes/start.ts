import { context } from '@opentelemetry/api';
import { getRuntime } from '../global.js';
import type { TelemetryRuntime } from '../runtime.js';
import { AgentSpanScope } from './agent-scope.js';
import { AnalysisSpanScope } from './analysis-scope.js';
import { GenerationSpanScope } from './generation-scope.js';
import {
  noopAgentScope,
  noopAnalysisScope,
  noopGenerationScope,
  noopToolScope,
  noopWorkflowScope,
} from './noop.js';
import { ToolSpanScope } from './tool-scope.js';
import type {
  AgentScope,
  AnalysisInfo,
  AnalysisScope,
  GenerationInfo,
  GenerationScope,
  StartOptions,
  ToolScope,
  WorkflowScope,
} from './types.js';
import { WorkflowSpanScope } from './workflow-scope.js';

/**
 * A scope of the registered runtime, or `fallback()` when telemetry is not registered (or is
 * disabled) or when starting it throws (counted as an internal error of `start`).
 */
function start<S>(create: (runtime: TelemetryRuntime) => S, fallback: () => S): S {
  const runtime = getRuntime();
  if (!runtime) return fallback();
  try {
    return create(runtime);
  } catch (error) {
    runtime.internalError('start', error);
    return fallback();
  }
}

/** Starts an analysis scope by hand (for instrumentations); end it with `scope.end(error?)`. */
export function startAnalysis(info: AnalysisInfo, options?: StartOptions): AnalysisScope {
  return start((runtime) => new AnalysisSpanScope(runtime, info, options), noopAnalysisScope);
}

/**
 * Starts a workflow run by hand (for instrumentations: the LangChain handler opens one for every root
 * run outside any span); end it with `scope.end(error?)`. Without a registered runtime the scope is a
 * no-op whose `context` is `options.parentContext` (or the active context).
 */
export function startWorkflow(name: string, options?: StartOptions): WorkflowScope {
  return start(
    (runtime) => new WorkflowSpanScope(runtime, name, options),
    () => noopWorkflowScope(name, options?.parentContext ?? context.active()),
  );
}

/** Starts an agent scope by hand (for instrumentations); end it with `scope.end(error?)`. */
export function startAgent(name: string, options?: StartOptions): AgentScope {
  return start(
    (runtime) => new AgentSpanScope(runtime, name, options),
    () => noopAgentScope(name),
  );
}

/** Starts a tool scope by hand (for instrumentations); end it with `scope.end(error?)`. */
export function startTool(name: string, input?: unknown, options?: StartOptions): ToolScope {
  return start(
    (runtime) => new ToolSpanScope(runtime, name, input, options),
    () => noopToolScope(name),
  );
}

/** Starts a generation (one model call) by hand; set usage, then `scope.end(error?)`. */
export function startGeneration(info: GenerationInfo, options?: StartOptions): GenerationScope {
  return start((runtime) => new GenerationSpanScope(runtime, info, options), noopGenerationScope);
}
