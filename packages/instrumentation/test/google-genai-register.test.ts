import { join } from 'node:path';
import {
  type GeminiServerHandle,
  type LangfuseReceiverHandle,
  type MetricFamily,
  startGeminiServer,
  startLangfuseReceiver,
  sumSamples,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGFUSE_KEYS, runRegisteredApp } from './support/child-app.js';

const MODEL = 'gemini-2.5-flash';

const ROUTES = [
  { route: 'an ESM app started with node --import', flag: '--import', file: 'google-app.mjs' },
  { route: 'a CommonJS app started with node --require', flag: '--require', file: 'google-app.cjs' },
  {
    route: 'an ESM app calling registerTradingAgentsTelemetry() after its imports',
    flag: undefined,
    file: 'google-app-plain.mjs',
  },
  {
    route: 'a CommonJS app calling registerTradingAgentsTelemetry() after its requires',
    flag: undefined,
    file: 'google-app-plain.cjs',
  },
];

describe.each(ROUTES)('Google GenAI instrumentation of $route', ({ flag, file }) => {
  let gemini: GeminiServerHandle;
  let langfuse: LangfuseReceiverHandle;
  let report: Record<string, unknown>;
  let metrics: MetricFamily[];

  beforeAll(async () => {
    gemini = await startGeminiServer({
      responder: (request) =>
        request.functionNames.length > 0 && !request.lastTurnIsFunctionResponse
          ? {
              functionCalls: [{ name: 'get_price', args: { ticker: 'NVDA' } }],
              usage: { promptTokenCount: 120, candidatesTokenCount: 10 },
            }
          : {
              text: 'NVDA trades at 123.4, hold.',
              usage: {
                promptTokenCount: 1000,
                cachedContentTokenCount: 400,
                candidatesTokenCount: 100,
                thoughtsTokenCount: 200,
              },
            },
    });
    langfuse = await startLangfuseReceiver(LANGFUSE_KEYS);
    ({ report, metrics } = await runRegisteredApp({
      flag,
      script: join('test', 'fixtures', file),
      langfuse,
      env: {
        GEMINI_BASE_URL: gemini.url,
      },
    }));
    await langfuse.waitForSpans(8, 10_000);
  });

  afterAll(async () => {
    await gemini?.close();
    await langfuse?.close();
  });

  it('runs the app unchanged', () => {
    expect(report).toEqual({
      done: true,
      answers: ['NVDA trades at 123.4, hold.', 'NVDA trades at 123.4, hold.'],
    });
    expect(gemini.requests.map((r) => r.path.split(':').at(-1))).toEqual([
      'generateContent',
      'generateContent',
      'streamGenerateContent',
      'streamGenerateContent',
      'batchEmbedContents',
    ]);
  });

  it('sends one trace: the agent, over its generations, tools and embedding', () => {
    const observations = langfuse.observations();
    const agent = observations.find((o) => o.type === 'agent');
    expect(agent?.name).toBe('invoke_agent analyst');
    expect(new Set(observations.map((o) => o.traceId)).size).toBe(1);
    const generations = observations.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(4);
    expect(observations.filter((o) => o.type === 'tool')).toHaveLength(2);
    expect(observations.filter((o) => o.type === 'embedding')).toHaveLength(1);
    for (const o of observations.filter((x) => x.type !== 'agent'))
      expect(o.parentObservationId).toBe(agent?.id);
    const final = generations.filter((g) => g.usageDetails.input_cached_tokens === 400);
    expect(final).toHaveLength(2);
    for (const g of final) {
      expect(g.usageDetails).toEqual({
        input: 600,
        output: 100,
        input_cached_tokens: 400,
        output_reasoning_tokens: 200,
        total: 1300,
      });
    }
  });

  it('serves the agent, its requests, tokens by type and cost on /metrics, equal to the spans', () => {
    const labels = { agent_name: 'analyst', model: MODEL };
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { ...labels, status: 'success' })).toBe(4);
    const generations = langfuse.observations().filter((o) => o.type === 'generation');
    const sum = (key: string) => generations.reduce((s, g) => s + Number(g.attributes[key] ?? 0), 0);
    const tokens = (type: string) =>
      sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type });
    expect(tokens('input')).toBe(sum('gen_ai.usage.input_tokens'));
    expect(tokens('input')).toBe(2 * (1000 + 120));
    expect(tokens('output')).toBe(sum('gen_ai.usage.output_tokens'));
    expect(tokens('output')).toBe(2 * (100 + 200 + 10));
    expect(tokens('cache_read')).toBe(800);
    expect(tokens('reasoning')).toBe(400);
    const cost = sum('gen_ai.usage.cost');
    expect(cost).toBeCloseTo(
      (2 * (600 * 0.3 + 400 * 0.03 + 100 * 2.5 + 200 * 2.5 + 120 * 0.3 + 10 * 2.5)) / 1e6,
      12,
    );
    expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', labels)).toBeCloseTo(cost, 12);
    expect(
      sumSamples(metrics, 'tradingagents_agent_executions_total', {
        agent_name: 'analyst',
        status: 'success',
      }),
    ).toBe(1);
  });
});
