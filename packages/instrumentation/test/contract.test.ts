import type { TradingAgentsInstrumentationPackage } from '@tradingagents/telemetry/instrumentation-api';
import { describe, expect, it } from 'vitest';
import * as self from '../src/index.js';

/**
 * `@tradingagents/telemetry` loads this package at run time as an optional peer and calls it through
 * the `TradingAgentsInstrumentationPackage` contract. The assignment below fails the typecheck when
 * this package stops implementing it; the test checks what the core calls behaves.
 */
const contract: TradingAgentsInstrumentationPackage = self;

describe('the contract with @tradingagents/telemetry', () => {
  it('creates the instrumentations the autoInstrument options ask for', () => {
    const names = (options: {
      langchain: boolean;
      openai: boolean;
      googleGenAI: boolean;
      anthropic: boolean;
      aiSdk: boolean;
    }) => contract.createTradingAgentsInstrumentations(options).map((i) => i.instrumentationName);
    expect(names({ langchain: true, openai: true, googleGenAI: true, anthropic: true, aiSdk: true })).toEqual(
      [
        '@tradingagents/instrumentation/langchain',
        '@tradingagents/instrumentation/openai',
        '@tradingagents/instrumentation/google-genai',
        '@tradingagents/instrumentation/anthropic',
        '@tradingagents/instrumentation/ai-sdk',
      ],
    );
    expect(
      names({ langchain: false, openai: true, googleGenAI: false, anthropic: false, aiSdk: false }),
    ).toEqual(['@tradingagents/instrumentation/openai']);
    expect(
      names({ langchain: false, openai: false, googleGenAI: true, anthropic: false, aiSdk: false }),
    ).toEqual(['@tradingagents/instrumentation/google-genai']);
    expect(
      names({ langchain: false, openai: false, googleGenAI: false, anthropic: true, aiSdk: false }),
    ).toEqual(['@tradingagents/instrumentation/anthropic']);
    expect(
      names({ langchain: false, openai: false, googleGenAI: false, anthropic: false, aiSdk: true }),
    ).toEqual(['@tradingagents/instrumentation/ai-sdk']);
    expect(
      names({ langchain: false, openai: false, googleGenAI: false, anthropic: false, aiSdk: false }),
    ).toEqual([]);
  });

  it('offers the loader hook and the attach step the register entry uses', () => {
    expect(typeof contract.registerLoaderHook).toBe('function');
    const attached = contract.attachInstrumentations?.([], { findAppModules: false });
    expect(typeof attached?.detach).toBe('function');
    attached?.detach();
  });
});
