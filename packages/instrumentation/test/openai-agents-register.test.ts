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

// `@openai/agents` 0.15+ depends on `openai` 7, which declares Node >=22: skipped on older Node
// (scripts/test-node22.sh runs it).
const supported = Number(process.versions.node.split('.')[0]) >= 22;

const ROUTES = [
  { route: 'an ESM app started with node --import', flag: '--import', file: 'agents-app.mjs' },
  { route: 'a CommonJS app started with node --require', flag: '--require', file: 'agents-app.cjs' },
  {
    route: 'an ESM app calling registerTradingAgentsTelemetry()',
    flag: undefined,
    file: 'agents-app-plain.mjs',
  },
  {
    route: 'a CommonJS app calling registerTradingAgentsTelemetry()',
    flag: undefined,
    file: 'agents-app-plain.cjs',
  },
];

const USAGE = { promptTokens: 120, completionTokens: 30, cachedTokens: 20, reasoningTokens: 10 };

describe.skipIf(!supported).each(ROUTES)('OpenAI Agents SDK in $route (Node >=22)', ({ flag, file }) => {
  let openai: OpenAIServerHandle;
  let langfuse: LangfuseReceiverHandle;
  let report: Record<string, unknown>;
  let metrics: MetricFamily[];

  beforeAll(async () => {
    openai = await startOpenAIServer({
      responder: (request) => {
        if (request.lastMessageIsToolResult) return { content: 'Sunny, 21°C.', usage: USAGE };
        if (request.lastUserMessage.includes('weather')) {
          return { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], usage: USAGE };
        }
        const handoff = (request.tools as { name?: string }[]).find((t) => t.name?.startsWith('transfer_to'));
        if (handoff?.name) return { toolCalls: [{ name: handoff.name, arguments: {} }], usage: USAGE };
        return { content: 'Bonjour.', usage: USAGE };
      },
    });
    langfuse = await startLangfuseReceiver(LANGFUSE_KEYS);
    // Vitest's NODE_ENV=test would turn the SDK's tracing off; an app runs without it.
    ({ report, metrics } = await runRegisteredApp({
      flag,
      script: join('test', 'fixtures', file),
      langfuse,
      drop: ['NODE_ENV', 'OPENAI_API_KEY'],
      env: {
        OPENAI_BASE_URL: openai.url,
      },
    }));
    await langfuse.waitForSpans(15, 10_000);
  });

  afterAll(async () => {
    await openai?.close();
    await langfuse?.close();
  });

  it('runs the app unchanged', () => {
    expect(report).toMatchObject({
      done: true,
      plain: 'Sunny, 21°C.',
      streamed: 'Sunny, 21°C.',
      lastAgent: 'French agent',
    });
  });

  it('sends one trace per run: agent → one generation per model call, and the tool', () => {
    const observations = langfuse.observations();
    const requests = openai.requests.filter((r) => r.path.endsWith('/responses'));
    expect(requests).toHaveLength(6);
    const generations = observations.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(6);
    const roots = observations.filter((o) => o.name === 'Agent workflow' && o.parentObservationId === null);
    expect(roots).toHaveLength(3);
    const agents = observations.filter((o) => o.type === 'agent');
    expect(agents.map((a) => a.name).sort()).toEqual([
      'invoke_agent French agent',
      'invoke_agent Triage agent',
      'invoke_agent Weather agent',
      'invoke_agent Weather agent',
    ]);
    const agentById = new Map(agents.map((a) => [a.id, a]));
    for (const g of generations) {
      const parent = agentById.get(g.parentObservationId ?? '');
      expect(parent?.name).toBe(`invoke_agent ${g.attributes['gen_ai.agent.name']}`);
      expect(parent?.traceId).toBe(g.traceId);
    }
    const tools = observations.filter((o) => o.type === 'tool');
    expect(tools).toHaveLength(2);
    for (const t of tools)
      expect(agentById.get(t.parentObservationId ?? '')?.name).toBe('invoke_agent Weather agent');
  });

  it('serves per-agent requests, tokens by type and cost on /metrics equal to the spans', () => {
    const generations = langfuse.observations().filter((o) => o.type === 'generation');
    for (const [agent, calls] of [
      ['Weather agent', 4],
      ['Triage agent', 1],
      ['French agent', 1],
    ] as const) {
      const mine = generations.filter((g) => g.attributes['gen_ai.agent.name'] === agent);
      expect(mine).toHaveLength(calls);
      const sum = (key: string) => mine.reduce((s, g) => s + Number(g.attributes[key] ?? 0), 0);
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: agent })).toBe(calls);
      expect(
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'input' }),
      ).toBe(sum('gen_ai.usage.input_tokens'));
      expect(
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'output' }),
      ).toBe(sum('gen_ai.usage.output_tokens'));
      expect(
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { agent_name: agent, type: 'cache_read' }),
      ).toBe(20 * calls);
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', { agent_name: agent })).toBeCloseTo(
        sum('gen_ai.usage.cost'),
        12,
      );
      expect(sum('gen_ai.usage.cost')).toBeGreaterThan(0);
    }
    expect(sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'Weather agent' })).toBe(
      2,
    );
  });
});
