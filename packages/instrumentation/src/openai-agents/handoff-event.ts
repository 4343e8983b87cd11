import { type Attributes, type Context, trace } from '@opentelemetry/api';
import { TRACER_NAME } from '@tradingagents/telemetry/instrumentation-api';
import { str } from '../shared/safe.js';
import type { AgentsSpan } from './types.js';

/**
 * A handoff or guardrail of the SDK, as a Langfuse `event` observation (a span of no duration, with
 * the core's tracer so that it goes where our spans go) under the agent it happened in: the tree
 * then shows `handoff Triage agent → French agent` between the two agents' runs. No metric.
 */
export function recordSpanEvent(span: AgentsSpan, parent: Context, startTime?: number): void {
  const data = span.spanData;
  let name: string;
  const attributes: Attributes = { 'langfuse.observation.type': 'event' };
  if (data.type === 'handoff') {
    const from = str(data.from_agent) ?? 'unknown';
    const to = str(data.to_agent) ?? 'unknown';
    name = `handoff ${from} → ${to}`;
    attributes['gen_ai.operation.name'] = 'handoff';
    attributes['openai.agents.handoff.from_agent'] = from;
    attributes['openai.agents.handoff.to_agent'] = to;
  } else {
    name = `guardrail ${str(data.name) ?? 'unknown'}`;
    attributes['openai.agents.guardrail.name'] = str(data.name) ?? 'unknown';
    attributes['openai.agents.guardrail.triggered'] = data.triggered === true;
  }
  if (span.error) attributes['langfuse.observation.level'] = 'WARNING';
  trace.getTracer(TRACER_NAME).startSpan(name, { attributes, startTime }, parent).end();
}
