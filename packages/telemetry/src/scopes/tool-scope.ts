import { context, SpanKind, trace } from '@opentelemetry/api';
import { getAgentName } from '../context.js';
import type { TelemetryRuntime } from '../runtime.js';
import * as sc from '../semconv.js';
import { SpanScope } from './span-scope.js';
import { errorType, nameOr, nowSeconds, validStartTime } from './span-status.js';
import type { StartOptions, ToolScope } from './types.js';

/**
 * One tool call: an `execute_tool <name>` span (Langfuse type `tool`) attributed to the enclosing
 * agent, the tool-calls counter and `gen_ai.execute_tool.duration`.
 */
export class ToolSpanScope extends SpanScope implements ToolScope {
  readonly toolName: string;
  private readonly agentName: string | undefined;
  private readonly started = nowSeconds();

  constructor(runtime: TelemetryRuntime, name: string, input?: unknown, options: StartOptions = {}) {
    const parent = options.parentContext ?? context.active();
    const toolName = nameOr(name, String(name));
    const agentName = getAgentName(parent);
    const span = runtime.tracer.startSpan(
      `${sc.GEN_AI_OPERATION_EXECUTE_TOOL} ${toolName}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: validStartTime(options.startTime),
        attributes: {
          [sc.ATTR_GEN_AI_OPERATION_NAME]: sc.GEN_AI_OPERATION_EXECUTE_TOOL,
          [sc.ATTR_GEN_AI_TOOL_NAME]: toolName,
          [sc.ATTR_LANGFUSE_OBSERVATION_TYPE]: 'tool',
          ...(agentName ? { [sc.ATTR_GEN_AI_AGENT_NAME]: agentName } : {}),
        },
      },
      parent,
    );
    super(runtime, 'tool', span, trace.setSpan(parent, span));
    this.toolName = toolName;
    this.agentName = agentName;
    this.setContent(sc.ATTR_LANGFUSE_OBSERVATION_INPUT, input);
  }

  readonly setOutput = (output: unknown): void =>
    this.setContent(sc.ATTR_LANGFUSE_OBSERVATION_OUTPUT, output);

  protected finish(error: unknown): void {
    this.runtime.recorder.toolEnded(
      this.toolName,
      this.agentName,
      error === undefined ? undefined : errorType(error),
      nowSeconds() - this.started,
      this.span,
    );
  }
}
