import { context, SpanKind, trace } from '@opentelemetry/api';
import type { TelemetryRuntime } from '../runtime.js';
import * as sc from '../semconv.js';
import { getWorkflowState, setWorkflowState, type WorkflowState } from '../workflow-state.js';
import { SpanScope } from './span-scope.js';
import { nameOr, nowSeconds, validStartTime } from './span-status.js';
import type { StartOptions, WorkflowScope } from './types.js';

/**
 * One workflow run: a `chain` span that names the Langfuse trace, and the run's count, duration and
 * cost (the sum of the generations inside it) by workflow name.
 */
export class WorkflowSpanScope extends SpanScope implements WorkflowScope {
  readonly workflowName: string;
  private readonly state: WorkflowState;
  private readonly started = nowSeconds();

  constructor(runtime: TelemetryRuntime, name: string, options: StartOptions = {}) {
    const parent = options.parentContext ?? context.active();
    const workflowName = nameOr(name, String(name));
    const state: WorkflowState = { name: workflowName, outer: getWorkflowState(parent), costUsd: 0 };
    const span = runtime.tracer.startSpan(
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
    super(runtime, 'workflow', span, setWorkflowState(trace.setSpan(parent, span), state));
    this.workflowName = workflowName;
    this.state = state;
  }

  /** The LLM cost recorded inside this run so far, in USD. */
  get costUsd(): number {
    return this.state.costUsd;
  }

  protected finish(error: unknown): void {
    const { costUsd } = this.state;
    this.span.setAttribute(sc.ATTR_TRADINGAGENTS_WORKFLOW_COST, costUsd);
    this.runtime.recorder.workflowEnded(
      this.workflowName,
      error === undefined,
      nowSeconds() - this.started,
      costUsd,
      this.span,
    );
  }
}
