import { context, INVALID_SPAN_CONTEXT, metrics, propagation, type Tracer, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { claimGlobalTracer } from '../src/claimed-tracers.js';
import { registerTradingAgentsTelemetry } from '../src/register-telemetry.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const start = () =>
  registerTradingAgentsTelemetry({
    metrics: { server: 'none' },
    handleSignals: false,
    langfuse: { enabled: false },
    autoInstrument: {
      langchain: false,
      openai: false,
      googleGenAI: false,
      anthropic: false,
      openaiAgents: false,
      aiSdk: false,
    },
  });

/** A tracer that only says it is the claimed one. */
const claimedTracer = (): Tracer =>
  ({ startSpan: () => trace.wrapSpanContext(INVALID_SPAN_CONTEXT) }) as unknown as Tracer;

describe('claimed tracers on the global provider', () => {
  let release: (() => void) | undefined;
  afterEach(() => {
    release?.();
    release = undefined;
    trace.disable();
    context.disable();
    propagation.disable();
    metrics.disable();
  });

  it('hands out the claimed tracer for its name, and takes the free globals at the end of the claiming task', async () => {
    const handle = start();
    try {
      const tracer = claimedTracer();
      release = claimGlobalTracer('ai', tracer);
      // Not yet: an app registering its own globals in this task still comes first.
      expect(trace.getTracer('ai')).not.toBe(tracer);
      await tick();
      expect(trace.getTracer('ai')).toBe(tracer);
      expect(trace.getTracer('other')).not.toBe(tracer);
      release();
      expect(trace.getTracer('ai')).not.toBe(tracer);
    } finally {
      await handle.shutdown();
    }
  });

  it("leaves the app's own global provider, registered in the same task, to the app", async () => {
    const handle = start();
    try {
      release = claimGlobalTracer('ai', claimedTracer());
      const own = new BasicTracerProvider();
      expect(trace.setGlobalTracerProvider(own)).toBe(true);
      await tick();
      expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(own);
    } finally {
      await handle.shutdown();
    }
  });
});
