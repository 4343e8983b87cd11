import { context, INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import type { AgentScope, AnalysisScope, GenerationScope, ToolScope, WorkflowScope } from './types.js';

const NOOP_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const noop = (): void => {};

/** Scopes handed to user callbacks when telemetry is not registered or is disabled. */
export function noopAnalysisScope(): AnalysisScope {
  return {
    context: context.active(),
    span: NOOP_SPAN,
    costUsd: 0,
    end: noop,
    setDecision: noop,
    setOutput: noop,
  };
}

/** A workflow scope that records nothing; `parentContext` is passed through so the caller's nesting holds. */
export function noopWorkflowScope(workflowName: string, parentContext = context.active()): WorkflowScope {
  return { context: parentContext, span: NOOP_SPAN, workflowName, costUsd: 0, end: noop };
}

export function noopAgentScope(agentName: string): AgentScope {
  return { context: context.active(), span: NOOP_SPAN, agentName, end: noop };
}

export function noopToolScope(toolName: string): ToolScope {
  return { context: context.active(), span: NOOP_SPAN, toolName, end: noop, setOutput: noop };
}

export function noopGenerationScope(): GenerationScope {
  return {
    context: context.active(),
    span: NOOP_SPAN,
    costUsd: 0,
    end: noop,
    setUsage: noop,
    setResponse: noop,
    setOutput: noop,
    markFirstToken: noop,
  };
}
