import { metrics, trace } from '@opentelemetry/api';
import { captureDiag } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import {
  recordFeedback,
  registerTradingAgentsTelemetry,
  type TelemetryHandle,
  trackAgent,
  trackAnalysis,
  trackLlmCall,
  VERSION,
} from '../src/index.js';

describe('registerTradingAgentsTelemetry', () => {
  let handle: TelemetryHandle | undefined;
  const savedEnv = { ...process.env };
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    process.env = { ...savedEnv };
  });

  it('returns the same handle on a second call and registers nothing twice', async () => {
    handle = registerTradingAgentsTelemetry({ metrics: { port: 0 }, handleSignals: false });
    const sigterm = process.listenerCount('SIGTERM');
    const again = registerTradingAgentsTelemetry({ metrics: { port: 0 } });
    expect(again).toBe(handle);
    expect(process.listenerCount('SIGTERM')).toBe(sigterm);
    expect(handle.meterProvider).toBeDefined();
    expect(handle.tracerProvider).toBeDefined();
    // Awaiting `ready` makes the free globals ours (else our first span does).
    await handle.ready;
    expect(metrics.getMeterProvider()).toBe(handle.meterProvider);
  });

  it('can register again after shutdown', async () => {
    const first = registerTradingAgentsTelemetry({ metrics: { port: 0 }, handleSignals: false });
    await first.ready;
    await first.shutdown();
    handle = registerTradingAgentsTelemetry({ metrics: { port: 0 }, handleSignals: false });
    await handle.ready;
    expect(handle).not.toBe(first);
    await trackAnalysis({ ticker: 'NVDA' }, async () => {});
    const text = await (await fetch(handle.metricsUrl as string)).text();
    expect(text).toContain('tradingagents_analyses_total{ticker="NVDA",status="success"} 1');
  });

  it('binds no port and still runs callbacks when OTEL_SDK_DISABLED is set', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    process.env.OTEL_EXPORTER_PROMETHEUS_PORT = '0';
    handle = registerTradingAgentsTelemetry({ handleSignals: false });
    await handle.ready;
    expect(handle.metricsUrl).toBeUndefined();
    expect(handle.meterProvider).toBeUndefined();
    const value = await trackAnalysis({ ticker: 'NVDA' }, () =>
      trackAgent('a', () => trackLlmCall({ model: 'm' }, () => 7)),
    );
    expect(value).toBe(7);
  });

  it('installs signal handlers only when asked', async () => {
    const before = process.listenerCount('SIGTERM');
    handle = registerTradingAgentsTelemetry({ metrics: { port: 0 } });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    await handle.shutdown();
    handle = undefined;
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('passes return values, errors and the very same promise through unchanged', async () => {
    handle = registerTradingAgentsTelemetry({ metrics: { port: 0 }, handleSignals: false });
    const promise = Promise.resolve(5);
    expect(trackAgent('a', () => promise)).toBe(promise);
    const error = new TypeError('boom');
    expect(() =>
      trackAgent('a', () => {
        throw error;
      }),
    ).toThrow(error);
    await expect(
      trackAnalysis({ ticker: 'X' }, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    // A custom thenable (like an OpenAI APIPromise) must come back as the same object.
    // biome-ignore lint/suspicious/noThenProperty: testing a user-defined thenable on purpose
    const thenable = { then: (resolve: (v: number) => void) => resolve(3) };
    expect(trackAgent('a', () => thenable)).toBe(thenable);
  });

  it('creates spans with our tracer under the enclosing span', async () => {
    handle = registerTradingAgentsTelemetry({ metrics: { port: 0 }, handleSignals: false });
    await trackAnalysis({ ticker: 'NVDA' }, (analysis) => {
      trackAgent('a', (agent) => {
        expect(agent.span.spanContext().traceId).toBe(analysis.span.spanContext().traceId);
        expect(trace.getActiveSpan()).toBe(agent.span);
      });
    });
  });

  it('drops out-of-range feedback with a warning instead of throwing', () => {
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
    });
    const logs = captureDiag();
    expect(() => recordFeedback(Number.NaN)).not.toThrow();
    expect(() => recordFeedback(7)).not.toThrow();
    expect(logs.text()).toContain('recordFeedback');
    logs.restore();
  });

  it('reports the package version', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('prices by the served model, else the requested one, and warns once only when neither is known', async () => {
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
    });
    const logs = captureDiag();
    const call = (model: string, served: string) =>
      trackLlmCall({ model }, (g) => {
        g.setUsage({ input: 1_000_000, output: 0 });
        g.setResponse({ model: served });
        return g;
      });
    const priced = call('gpt-4o-mini', 'ft:unlisted-snapshot');
    const unknown = call('my-local-model', 'my-local-model');
    call('my-local-model', 'my-local-model');
    logs.restore();
    expect(priced.costUsd).toBeGreaterThan(0);
    expect(unknown.costUsd).toBe(0);
    const warnings = logs.messages.filter((m) => m.includes('no price for model'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"my-local-model"');
  });
});
