import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { captureContent, MASK_FAILED_PLACEHOLDER } from '../src/content.js';
import {
  registerTradingAgentsTelemetry,
  type TelemetryHandle,
  trackAnalysis,
  trackLlmCall,
} from '../src/index.js';

const base = { capture: true, mask: undefined, maxLength: 20 };

describe('content capture', () => {
  let handle: TelemetryHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('captures nothing unless enabled', () => {
    expect(captureContent({ ...base, capture: false }, 'secret prompt')).toBeUndefined();
  });

  it('masks, truncates and fails closed', () => {
    expect(captureContent({ ...base, mask: (s) => s.replace(/\d/g, '#') }, 'card 4111')).toBe('card ####');
    expect(captureContent(base, 'x'.repeat(50))).toBe(`${'x'.repeat(20)}…[truncated]`);
    const throwing = () => {
      throw new Error('mask bug');
    };
    expect(captureContent({ ...base, mask: throwing }, 'sk-secret')).toBe(MASK_FAILED_PLACEHOLDER);
    expect(captureContent({ ...base, mask: (() => 42) as never }, 'sk-secret')).toBe(MASK_FAILED_PLACEHOLDER);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(captureContent({ ...base, maxLength: 100 }, circular)).toBe('[unserialisable content]');
  });

  it.each([
    [false, undefined, undefined],
    [true, undefined, '[{"role":"user","content":"my key is sk-123"}]'],
    [true, (s: string) => s.replace(/sk-\w+/g, 'sk-***'), '[{"role":"user","content":"my key is sk-***"}]'],
  ])(
    'puts prompt content on generation spans only when enabled (capture=%s)',
    async (capture, mask, expected) => {
      const exporter = new InMemorySpanExporter();
      handle = registerTradingAgentsTelemetry({
        metrics: { enabled: false },
        handleSignals: false,
        content: { capture, mask },
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      await trackAnalysis({ ticker: 'NVDA' }, () =>
        trackLlmCall(
          { model: 'gpt-4o-mini', input: [{ role: 'user', content: 'my key is sk-123' }] },
          (g) => {
            g.setOutput('fine');
          },
        ),
      );
      const generation = exporter.getFinishedSpans().find((s) => s.name === 'chat gpt-4o-mini');
      expect(generation?.attributes['langfuse.observation.input']).toBe(expected);
      expect(generation?.attributes['langfuse.observation.output']).toBe(capture ? 'fine' : undefined);
    },
  );
});
