import { type Context, context } from '@opentelemetry/api';
import {
  type AgentScope,
  isInsideTrackedRun,
  startAgent,
  startTool,
  startWorkflow,
  type ToolScope,
  type WorkflowScope,
} from '@tradingagents/telemetry/instrumentation-api';
import { safely, str } from '../shared/safe.js';
import { recordSpanEvent } from './handoff-event.js';
import { recordUnclaimedModelCall, startTimeOf } from './model-usage.js';
import type { AgentsSpan, AgentsTrace, AgentsTracingProcessor } from './types.js';

/** What we opened for one SDK trace or span; `context` is where its children start. */
interface Entry {
  readonly context: Context;
  readonly scope?: AgentScope | ToolScope | WorkflowScope;
  /** A model call inside was recorded by a provider patch (the `openai` client). */
  claimed: boolean;
}

/** Spans and traces kept open at most: one the SDK never ends (a dropped run) is forgotten past this. */
const MAX_OPEN = 10_000;

/** Adds `entry`, forgetting the oldest entry when `map` is full. */
function remember(map: Map<string, Entry>, id: string, entry: Entry): void {
  if (map.size >= MAX_OPEN) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(id, entry);
}

const errorOf = (span: AgentsSpan): Error | undefined =>
  span.error ? new Error(span.error.message ?? 'failed') : undefined;

/**
 * The `TracingProcessor` we add to the Agents SDK: its trace becomes a workflow (unless it runs
 * inside one of ours), `agent` spans agent scopes, `function` spans tool scopes, `handoff` and
 * `guardrail` spans `event` observations under the enclosing agent. Model calls are recorded by the OpenAI patch under
 * the agent (see {@link parentOfModelCall}); a `response`/`generation` span nobody recorded is
 * recorded from its own usage. Entries are made lazily too: the SDK calls processors one after
 * another, so a model call can run before our `onSpanStart` for its agent.
 */
export class TradingAgentsTracingProcessor implements AgentsTracingProcessor {
  private readonly traces = new Map<string, Entry>();
  private readonly spans = new Map<string, Entry>();

  constructor(private readonly enabled: () => boolean = () => true) {}

  async onTraceStart(trace: AgentsTrace): Promise<void> {
    if (this.enabled())
      safely('agents trace start', () => this.traceEntry(trace, context.active()), undefined);
  }

  async onTraceEnd(trace: AgentsTrace): Promise<void> {
    safely(
      'agents trace end',
      () => {
        const entry = this.traces.get(trace.traceId);
        this.traces.delete(trace.traceId);
        entry?.scope?.end();
      },
      undefined,
    );
  }

  async onSpanStart(span: AgentsSpan): Promise<void> {
    if (this.enabled()) safely('agents span start', () => this.spanEntry(span, context.active()), undefined);
  }

  async onSpanEnd(span: AgentsSpan): Promise<void> {
    safely('agents span end', () => this.endSpan(span), undefined);
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}

  /**
   * The context a model call made inside `span` (the SDK's current span) starts under: the enclosing
   * agent's. The call is marked as recorded, so its `response`/`generation` span is not recorded again.
   */
  parentOfModelCall(span: AgentsSpan | null | undefined, active: Context): Context | undefined {
    if (!this.enabled() || !span?.spanId) return undefined;
    const entry = this.spanEntry(span, active);
    entry.claimed = true;
    return entry.context;
  }

  private traceEntry(trace: AgentsTrace, active: Context): Entry {
    const existing = this.traces.get(trace.traceId);
    if (existing) return existing;
    // Inside our own analysis, workflow or agent the SDK's trace is part of it; elsewhere it is a run of its own.
    const scope = isInsideTrackedRun(active)
      ? undefined
      : startWorkflow(str(trace.name) ?? 'Agent workflow', { parentContext: active });
    const entry: Entry = { context: scope?.context ?? active, scope, claimed: false };
    remember(this.traces, trace.traceId, entry);
    return entry;
  }

  private parentContext(span: AgentsSpan, active: Context): Context {
    if (span.parentId) {
      const parent = this.spans.get(span.parentId);
      if (parent) return parent.context;
      const previous = span.previousSpan;
      if (previous?.spanId === span.parentId) return this.spanEntry(previous, active).context;
    }
    return this.traceEntry({ traceId: span.traceId }, active).context;
  }

  private spanEntry(span: AgentsSpan, active: Context): Entry {
    const existing = this.spans.get(span.spanId);
    if (existing) return existing;
    const parent = this.parentContext(span, active);
    const options = { parentContext: parent, startTime: startTimeOf(span) };
    const data = span.spanData;
    let scope: AgentScope | ToolScope | undefined;
    if (data.type === 'agent') scope = startAgent(str(data.name) ?? 'agent', options);
    else if (data.type === 'function') scope = startTool(str(data.name) ?? 'tool', data.input, options);
    const entry: Entry = { context: scope?.context ?? parent, scope, claimed: false };
    remember(this.spans, span.spanId, entry);
    return entry;
  }

  private endSpan(span: AgentsSpan): void {
    const entry = this.spans.get(span.spanId);
    if (!entry) return;
    this.spans.delete(span.spanId);
    const data = span.spanData;
    if (data.type === 'function' && entry.scope && 'setOutput' in entry.scope) {
      entry.scope.setOutput(data.output);
    }
    if ((data.type === 'response' || data.type === 'generation') && !entry.claimed) {
      recordUnclaimedModelCall(span, entry.context);
    }
    if (data.type === 'handoff' || data.type === 'guardrail') {
      recordSpanEvent(span, entry.context, startTimeOf(span));
    }
    entry.scope?.end(errorOf(span));
  }
}
