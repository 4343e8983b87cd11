import { join } from 'node:path';
import {
  type LangfuseReceiverHandle,
  type MetricFamily,
  type OpenAIServerHandle,
  startLangfuseReceiver,
  startOpenAIServer,
  sumSamples,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AI_SDK_SKIP_REASON } from './support/ai-sdk.js';
import { LANGFUSE_KEYS, runRegisteredApp } from './support/child-app.js';

const MODEL = 'gpt-4o-mini';

const ROUTES = [
  { route: 'an ESM app started with node --import', flag: '--import', file: 'ai-app.mjs' },
  { route: 'a CommonJS app started with node --require', flag: '--require', file: 'ai-app.cjs' },
  {
    route: 'an ESM app calling registerTradingAgentsTelemetry() after its imports',
    flag: undefined,
    file: 'ai-app-plain.mjs',
  },
  {
    route: 'a CommonJS app calling registerTradingAgentsTelemetry() after its requires',
    flag: undefined,
    file: 'ai-app-plain.cjs',
  },
];

describe.skipIf(AI_SDK_SKIP_REASON !== '').each(ROUTES)(
  `Vercel AI SDK instrumentation of $route ${AI_SDK_SKIP_REASON}`,
  ({ flag, file }) => {
    let openai: OpenAIServerHandle;
    let langfuse: LangfuseReceiverHandle;
    let report: Record<string, unknown>;
    let metrics: MetricFamily[];

    beforeAll(async () => {
      openai = await startOpenAIServer({
        responder: (request) =>
          request.tools.length > 0 && !request.lastMessageIsToolResult
            ? {
                toolCalls: [{ name: 'get_price', arguments: { ticker: 'NVDA' } }],
                usage: { promptTokens: 120, completionTokens: 10 },
              }
            : request.endpoint === 'responses'
              ? {
                  content: 'NVDA trades at 123.4, hold.',
                  usage: {
                    promptTokens: 1000,
                    cachedTokens: 400,
                    completionTokens: 100,
                    reasoningTokens: 20,
                  },
                }
              : undefined,
      });
      langfuse = await startLangfuseReceiver(LANGFUSE_KEYS);
      ({ report, metrics } = await runRegisteredApp({
        flag,
        script: join('test', 'fixtures', file),
        langfuse,
        env: {
          OPENAI_BASE_URL: openai.url,
        },
      }));
      await langfuse.waitForSpans(8, 10_000);
    });

    afterAll(async () => {
      await openai?.close();
      await langfuse?.close();
    });

    it('runs the app unchanged', () => {
      expect(report).toEqual({
        done: true,
        answers: ['NVDA trades at 123.4, hold.', 'NVDA trades at 123.4, hold.'],
      });
      expect(openai.requests.map((r) => r.path)).toEqual([
        '/v1/responses',
        '/v1/responses',
        '/v1/responses',
        '/v1/responses',
        '/v1/embeddings',
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
          output: 80,
          input_cached_tokens: 400,
          output_reasoning_tokens: 20,
          total: 1100,
        });
      }
    });

    it('serves the agent, its requests, tokens by type and cost on /metrics, equal to the spans', () => {
      const labels = { agent_name: 'analyst', model: MODEL };
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { ...labels, status: 'success' })).toBe(
        4,
      );
      const generations = langfuse.observations().filter((o) => o.type === 'generation');
      const sum = (key: string) => generations.reduce((s, g) => s + Number(g.attributes[key] ?? 0), 0);
      const tokens = (type: string) =>
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type });
      expect(tokens('input')).toBe(sum('gen_ai.usage.input_tokens'));
      expect(tokens('input')).toBe(2 * (1000 + 120));
      expect(tokens('output')).toBe(sum('gen_ai.usage.output_tokens'));
      expect(tokens('output')).toBe(2 * (100 + 10));
      expect(tokens('cache_read')).toBe(800);
      expect(tokens('reasoning')).toBe(40);
      const cost = sum('gen_ai.usage.cost');
      // gpt-4o-mini in the core's table (Langfuse's prices), USD per 1M tokens: input 0.15, cached
      // input 0.075, output 0.6, reasoning 0 (the table's own entry: the model does not reason).
      expect(cost).toBeCloseTo(
        (2 * (600 * 0.15 + 400 * 0.075 + 80 * 0.6 + 20 * 0 + 120 * 0.15 + 10 * 0.6)) / 1e6,
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
  },
);
