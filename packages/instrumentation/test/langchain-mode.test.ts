import { afterEach, describe, expect, it } from 'vitest';
import { LangChainInstrumentation } from '../src/langchain/instrumentation.js';
import type { LangChainMode } from '../src/langchain/types.js';

const ENV = 'TRADINGAGENTS_LANGCHAIN_MODE';

describe('LangChainInstrumentation mode: option ?? env ?? default', () => {
  afterEach(() => {
    delete process.env[ENV];
  });

  it("defaults to 'callbacks'", () => {
    expect(new LangChainInstrumentation({ enabled: false }).mode).toBe('callbacks');
  });

  it(`reads ${ENV}, and the option wins over it`, () => {
    process.env[ENV] = ' Direct ';
    expect(new LangChainInstrumentation({ enabled: false }).mode).toBe('direct');
    expect(new LangChainInstrumentation({ enabled: false, mode: 'callbacks' }).mode).toBe('callbacks');
  });

  it('ignores an unknown env value, and throws for an unknown option (a programmer error)', () => {
    process.env[ENV] = 'fast';
    expect(new LangChainInstrumentation({ enabled: false }).mode).toBe('callbacks');
    expect(
      () => new LangChainInstrumentation({ enabled: false, mode: 'fast' as unknown as LangChainMode }),
    ).toThrow(TypeError);
  });

  it('follows setConfig', () => {
    const instrumentation = new LangChainInstrumentation({ enabled: false });
    instrumentation.setConfig({ enabled: false, mode: 'direct' });
    expect(instrumentation.mode).toBe('direct');
  });
});
