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
    const frameworks = {
      langchain: 'langchain',
      openai: 'openai',
      googleGenAI: 'google-genai',
      anthropic: 'anthropic',
      openaiAgents: 'openai-agents',
      aiSdk: 'ai-sdk',
    } as const;
    type Options = Record<keyof typeof frameworks, boolean>;
    const names = (options: Options) =>
      contract.createTradingAgentsInstrumentations(options).map((i) => i.instrumentationName);
    const keys = Object.keys(frameworks) as (keyof typeof frameworks)[];
    const none = Object.fromEntries(keys.map((k) => [k, false])) as Options;
    const all = Object.fromEntries(keys.map((k) => [k, true])) as Options;
    expect(names(all)).toEqual(keys.map((k) => `@tradingagents/instrumentation/${frameworks[k]}`));
    for (const key of keys) {
      expect(names({ ...none, [key]: true })).toEqual([`@tradingagents/instrumentation/${frameworks[key]}`]);
    }
    expect(names(none)).toEqual([]);
  });

  it('offers the loader hook and the attach step the register entry uses', () => {
    expect(typeof contract.registerLoaderHook).toBe('function');
    const attached = contract.attachInstrumentations?.([], { findAppModules: false });
    expect(typeof attached?.detach).toBe('function');
    attached?.detach();
  });
});
