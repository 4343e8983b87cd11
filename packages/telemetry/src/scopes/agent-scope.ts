import { context, SpanKind, trace } from '@opentelemetry/api';
import { setAgentName } from '../context.js';
import type { TelemetryRuntime } from '../runtime.js';
import * as sc from '../semconv.js';
import { SpanScope } from './span-scope.js';
import { nameOr, nowSeconds, validStartTime } from './span-status.js';
import type { AgentScope, StartOptions } from './types.js';

/**
 * One agent execution: an `invoke_agent <name>` span (Langfuse type `agent`) whose context names the
 * agent for the LLM calls and tools inside it, and the executions counter and duration.
 */
export class AgentSpanScope extends SpanScope implements AgentScope {
  readonly agentName: string;
  private readonly started = nowSeconds();

  constructor(runtime: TelemetryRuntime, name: string, options: StartOptions = {}) {
    const parent = options.parentContext ?? context.active();
    const agentName = nameOr(name, String(name));
    const span = runtime.tracer.startSpan(
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
    super(runtime, 'agent', span, setAgentName(trace.setSpan(parent, span), agentName));
    this.agentName = agentName;
  }

  protected finish(error: unknown): void {
    this.runtime.recorder.agentEnded(
      this.agentName,
      error === undefined,
      nowSeconds() - this.started,
      this.span,
    );
  }
}
