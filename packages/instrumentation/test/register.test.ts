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
import { LANGFUSE_KEYS, runRegisteredApp } from './support/child-app.js';

const ROUTES = [
  { route: 'an ESM app started with node --import', flag: '--import', file: 'app.mjs' },
  { route: 'a CommonJS app started with node --require', flag: '--require', file: 'app.cjs' },
  {
    route: 'an ESM app calling registerTradingAgentsTelemetry() after its imports',
    flag: undefined,
    file: 'app-plain.mjs',
  },
  {
    route: 'a CommonJS app calling registerTradingAgentsTelemetry() after its requires',
    flag: undefined,
    file: 'app-plain.cjs',
  },
];

describe.each(ROUTES)('instrumentation of $route', ({ flag, file }) => {
  let openai: OpenAIServerHandle;
  let langfuse: LangfuseReceiverHandle;
  let report: Record<string, unknown>;
  let metrics: MetricFamily[];
  let exit: [number | null, NodeJS.Signals | null];

  beforeAll(async () => {
    openai = await startOpenAIServer();
    langfuse = await startLangfuseReceiver(LANGFUSE_KEYS);
    ({ report, metrics, exit } = await runRegisteredApp({
      flag,
      script: join('test', 'fixtures', file),
      langfuse,
      env: {
        OPENAI_API_KEY: 'test',
        OPENAI_BASE_URL: openai.url,
      },
    }));
    await langfuse.waitForSpans(8, 10_000);
  });

  afterAll(async () => {
    await openai?.close();
    await langfuse?.close();
  });

  it('runs the app unchanged and ends it on SIGTERM as before', () => {
    expect(report.done).toBe(true);
    expect(typeof report.decision).toBe('string');
    expect(exit[1]).toBe('SIGTERM');
  });

  it('records each LangGraph node as an agent and each model call once (LangChain above the patched SDK)', () => {
    const observations = langfuse.observations();
    expect(openai.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(4);
    const generations = observations.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(4);
    const agents = observations.filter((o) => o.type === 'agent');
    expect(agents.map((a) => a.name).sort()).toEqual([
      'invoke_agent market',
      'invoke_agent news',
      'invoke_agent trader',
    ]);
    const root = observations.find((o) => o.name === 'trading_desk');
    for (const agent of agents) expect(agent.parentObservationId).toBe(root?.id);
    const agentIds = new Set(agents.map((a) => a.id));
    expect(generations.filter((g) => agentIds.has(g.parentObservationId ?? ''))).toHaveLength(3);
    // The direct SDK call, outside the graph, is recorded by the OpenAI patch.
    expect(generations.filter((g) => g.parentObservationId === null)).toHaveLength(1);
  });

  it('serves per-agent tokens and cost on /metrics equal to the spans sent to Langfuse', () => {
    const generations = langfuse.observations().filter((o) => o.type === 'generation');
    for (const agent of ['market', 'news', 'trader']) {
      expect(
        sumSamples(metrics, 'tradingagents_agent_executions_total', {
          agent_name: agent,
          status: 'success',
        }),
      ).toBe(1);
      const [g] = generations.filter((o) => o.attributes['gen_ai.agent.name'] === agent);
      const input = Number(g?.attributes['gen_ai.usage.input_tokens']);
      expect(input).toBeGreaterThan(0);
      expect(
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'input' }),
      ).toBe(input);
      expect(
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'output' }),
      ).toBe(Number(g?.attributes['gen_ai.usage.output_tokens']));
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: agent })).toBeCloseTo(
        Number(g?.attributes['gen_ai.usage.cost']),
        12,
      );
    }
  });
});
