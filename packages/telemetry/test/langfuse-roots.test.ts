import { ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { LangfuseRoots } from '../src/langfuse-roots.js';

const ours = new BasicTracerProvider().getTracer('ours');
const theirs = new BasicTracerProvider().getTracer('theirs');

describe('the spans Langfuse sees as trace roots', () => {
  const exported = (span: ReadableSpan) => span.name !== 'GET /orders';
  const roots = new LangfuseRoots(exported);
  const start = (tracer: typeof ours, name: string, parent = ROOT_CONTEXT) => {
    const span = tracer.startSpan(name, {}, parent);
    if (tracer === ours) roots.onStart(span, parent);
    return span;
  };
  const parentOf = (span: unknown) => roots.view(span as ReadableSpan).parentSpanContext?.spanId;

  it("re-roots a span under the app's own SDK span or under one of ours Langfuse filters out", () => {
    const appSpan = start(theirs, 'handle_order');
    const underApp = start(ours, 'analysis NVDA', trace.setSpan(ROOT_CONTEXT, appSpan));
    expect(parentOf(underApp)).toBeUndefined();
    expect((underApp as unknown as ReadableSpan).parentSpanContext?.spanId).toBe(
      appSpan.spanContext().spanId,
    );
    expect(roots.view(underApp as unknown as ReadableSpan).spanContext().traceId).toBe(
      appSpan.spanContext().traceId,
    );
    const filtered = start(ours, 'GET /orders');
    expect(parentOf(start(ours, 'workflow', trace.setSpan(ROOT_CONTEXT, filtered)))).toBeUndefined();
  });

  it('keeps a parent Langfuse receives, and a remote parent (another service may send to Langfuse)', () => {
    const analysis = start(ours, 'analysis NVDA');
    const agent = start(ours, 'invoke_agent market', trace.setSpan(ROOT_CONTEXT, analysis));
    expect(parentOf(agent)).toBe(analysis.spanContext().spanId);
    expect(roots.view(agent as unknown as ReadableSpan)).toBe(agent);
    const remote: SpanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    const child = start(ours, 'workflow', trace.setSpanContext(ROOT_CONTEXT, remote));
    expect(parentOf(child)).toBe('b7ad6b7169203331');
  });
});
