import { join } from 'node:path';
import {
  type AnthropicServerHandle,
  type LangfuseObservation,
  type LangfuseReceiverHandle,
  type MetricFamily,
  startAnthropicServer,
  startLangfuseReceiver,
  sumSamples,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGFUSE_KEYS, runRegisteredApp } from './support/child-app.js';

const ROUTES = [
  { route: 'an ESM app started with node --import', flag: '--import', file: 'anthropic-app.mjs' },
  { route: 'a CommonJS app started with node --require', flag: '--require', file: 'anthropic-app.cjs' },
  {
    route: 'an ESM app calling registerTradingAgentsTelemetry() after its imports',
    flag: undefined,
    file: 'anthropic-app-plain.mjs',
  },
  {
    route: 'a CommonJS app calling registerTradingAgentsTelemetry() after its requires',
    flag: undefined,
    file: 'anthropic-app-plain.cjs',
  },
];

/** Tokens of one generation by the `type` label of `/metrics`, read from the span Langfuse got. */
function tokensOf(g: LangfuseObservation): Record<string, number> {
  const attr = (key: string) => Number(g.attributes[key] ?? 0);
  return {
    input: attr('gen_ai.usage.input_tokens'),
    output: attr('gen_ai.usage.output_tokens'),
    cache_read: attr('gen_ai.usage.cache_read.input_tokens'),
    cache_write: g.usageDetails.input_cache_creation ?? 0,
  };
}

describe.each(ROUTES)('Anthropic SDK instrumentation of $route', ({ flag, file }) => {
  let anthropic: AnthropicServerHandle;
  let langfuse: LangfuseReceiverHandle;
  let report: Record<string, unknown>;
  let metrics: MetricFamily[];

  beforeAll(async () => {
    anthropic = await startAnthropicServer({
      responder: (request) =>
        request.lastIsToolResult
          ? { text: 'NVDA is at 120.5.', usage: { inputTokens: 40, outputTokens: 9 } }
          : {
              toolUses: [{ name: 'get_price', input: { ticker: 'NVDA' } }],
              usage: {
                inputTokens: 30,
                cacheReadInputTokens: 900,
                cacheCreationInputTokens: 150,
                outputTokens: 20,
              },
            },
    });
    langfuse = await startLangfuseReceiver(LANGFUSE_KEYS);
    ({ report, metrics } = await runRegisteredApp({
      flag,
      script: join('test', 'fixtures', file),
      langfuse,
      env: {
        ANTHROPIC_API_KEY: 'test',
        ANTHROPIC_BASE_URL: anthropic.url,
      },
    }));
    // 2 agents, 4 generations, 2 tools.
    await langfuse.waitForSpans(8, 10_000);
  });

  afterAll(async () => {
    await anthropic?.close();
    await langfuse?.close();
  });

  it('runs the app unchanged', () => {
    expect(report).toEqual({ done: true, analyst: 'NVDA is at 120.5.', trader: 'NVDA is at 120.5.' });
    expect(anthropic.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(4);
  });

  it('sends one trace per agent: agent → generations and tool, each model call once', () => {
    const observations = langfuse.observations();
    const agents = observations.filter((o) => o.type === 'agent');
    expect(agents.map((a) => a.name).sort()).toEqual(['invoke_agent analyst', 'invoke_agent trader']);
    const generations = observations.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(4);
    const tools = observations.filter((o) => o.type === 'tool');
    expect(tools).toHaveLength(2);
    const agentIds = new Set(agents.map((a) => a.id));
    for (const o of [...generations, ...tools]) expect(agentIds.has(o.parentObservationId ?? '')).toBe(true);
    for (const g of generations) {
      expect(g.attributes['gen_ai.provider.name']).toBe('anthropic');
      // Content capture is off by default: no prompt, no completion.
      expect(g.input ?? null).toBeNull();
      expect(g.output ?? null).toBeNull();
    }
  });

  it('serves per-agent requests, tokens by type and cost on /metrics equal to the spans sent to Langfuse', () => {
    const generations = langfuse.observations().filter((o) => o.type === 'generation');
    for (const agent of ['analyst', 'trader']) {
      const mine = generations.filter((g) => g.attributes['gen_ai.agent.name'] === agent);
      expect(mine).toHaveLength(2);
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: agent })).toBe(2);
      const expected: Record<string, number> = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
      for (const g of mine) for (const [type, n] of Object.entries(tokensOf(g))) expected[type] += n;
      // The tool-calling turn reads 900 and writes 150 cached tokens, beside 30 uncached ones.
      expect(expected).toEqual({ input: 30 + 900 + 150 + 40, output: 29, cache_read: 900, cache_write: 150 });
      for (const [type, n] of Object.entries(expected)) {
        expect(sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type })).toBe(n);
      }
      const cost = mine.reduce((sum, g) => sum + Number(g.attributes['gen_ai.usage.cost']), 0);
      // claude-sonnet-5-5: input 2, cache read 0.1, cache write 2.5, output 10 USD per 1M tokens.
      expect(cost).toBeCloseTo((70 * 2 + 900 * 0.1 + 150 * 2.5 + 29 * 10) / 1e6, 12);
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: agent })).toBeCloseTo(
        cost,
        12,
      );
    }
  });
});
