import { type Context, createContextKey } from '@opentelemetry/api';

/**
 * Per-workflow-run state carried in the OTel context of everything that runs inside it, like the
 * analysis state: generations add their cost to it when they end, so the run's cost is the sum of
 * the LLM costs recorded inside it.
 */
export interface WorkflowState {
  readonly name: string;
  /** The enclosing run when workflows nest: its cost includes this one's. */
  readonly outer: WorkflowState | undefined;
  /** Sum of the LLM costs recorded inside this run, in USD. */
  costUsd: number;
}

const WORKFLOW_KEY = createContextKey('tradingagents.workflow');

export function getWorkflowState(ctx: Context): WorkflowState | undefined {
  return ctx.getValue(WORKFLOW_KEY) as WorkflowState | undefined;
}

export function setWorkflowState(ctx: Context, state: WorkflowState): Context {
  return ctx.setValue(WORKFLOW_KEY, state);
}
