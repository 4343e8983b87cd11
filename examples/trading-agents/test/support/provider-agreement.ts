import {
  type LangfuseReceiverHandle,
  type MetricFamily,
  scrape,
  startLangfuseReceiver,
  sumSamples,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../src/agents/roles.js';
import { cleanEnv, type DemoProcess, freePort, metricsUrlOf, startDemo } from './demo-process.js';

const TICKERS = ['NVDA', 'TSLA', 'SPY'];

function labelValues(families: readonly MetricFamily[], name: string, label: string): Set<string> {
  return new Set(
    families.flatMap((f) => f.samples.filter((s) => s.name === name).map((s) => s.labels[label] ?? '')),
  );
}

/**
 * Runs the demo with `--provider <provider>` against a Langfuse receiver, scrapes /metrics, and
 * checks that both sides saw the same agents, tools, model, tokens and cost.
 */
export function describeProviderAgreement(provider: string, model: string): void {
  describe(`demo --provider ${provider} -> /metrics and Langfuse agree`, () => {
    let receiver: LangfuseReceiverHandle;
    let demo: DemoProcess;
    let families: MetricFamily[];
    let exitCode: number | string;

    beforeAll(async () => {
      receiver = await startLangfuseReceiver({ publicKey: 'pk-lf-demo', secretKey: 'sk-lf-demo' });
      const port = String(await freePort());
      demo = startDemo(['--provider', provider, '--tickers', TICKERS.join(','), '--metrics-port', port], {
        env: cleanEnv({
          LANGFUSE_PUBLIC_KEY: 'pk-lf-demo',
          LANGFUSE_SECRET_KEY: 'sk-lf-demo',
          LANGFUSE_BASE_URL: receiver.baseUrl,
        }),
      });
      // Serving mode: scrape after the summary, then Ctrl-C, which flushes the spans.
      await demo.waitFor('press Ctrl-C to stop');
      families = await scrape(metricsUrlOf(demo.stdout()));
      exitCode = await demo.stop();
    }, 60_000);

    afterAll(async () => {
      await demo?.stop();
      await receiver?.close();
    });

    it('prints the Langfuse URL and exits 0 on Ctrl-C', () => {
      expect(demo.stdout()).toContain(`Langfuse: ${receiver.baseUrl}`);
      expect(exitCode, demo.stderr()).toBe(0);
    });

    it('every agent of the pipeline appears in the metrics and as a Langfuse agent observation', () => {
      const metricAgents = labelValues(families, 'tradingagents_agent_executions_total', 'agent_name');
      const agentObservations = receiver.observations().filter((o) => o.type === 'agent');
      for (const agent of ROLE_IDS) {
        expect(metricAgents, agent).toContain(agent);
        expect(
          sumSamples(families, 'tradingagents_agent_executions_total', {
            agent_name: agent,
            status: 'success',
          }),
        ).toBe(TICKERS.length);
        expect(
          agentObservations.filter((o) => o.name === `invoke_agent ${agent}`),
          agent,
        ).toHaveLength(TICKERS.length);
      }
    });

    it('one Langfuse trace per analysis, with session, user and tags', () => {
      const traces = receiver.traces().filter((t) => t.name?.startsWith('analysis '));
      expect(traces.map((t) => t.name).sort()).toEqual(TICKERS.map((t) => `analysis ${t}`).sort());
      for (const trace of traces) {
        expect(trace.sessionId).toMatch(/^session-/);
        expect(trace.userId).toBe('demo-user');
        expect(trace.tags).toContain('trading-agents-demo');
      }
    });

    it('tools run inside the analysts that called them', () => {
      const observations = receiver.observations();
      const byId = new Map(observations.map((o) => [o.id, o]));
      const tools = observations.filter((o) => o.type === 'tool');
      const callers: Record<string, string> = {
        get_price_history: 'market_analyst',
        get_indicators: 'market_analyst',
        get_news: 'news_analyst',
        get_social_sentiment: 'social_analyst',
        get_fundamentals: 'fundamentals_analyst',
      };
      for (const tool of tools) {
        const caller = Object.entries(callers).find(([name]) => tool.name.includes(name))?.[1];
        expect(byId.get(tool.parentObservationId ?? '')?.name, tool.name).toBe(`invoke_agent ${caller}`);
      }
      const names = new Set(tools.map((o) => o.name));
      for (const tool of [
        'get_price_history',
        'get_indicators',
        'get_news',
        'get_social_sentiment',
        'get_fundamentals',
      ]) {
        expect(
          [...names].some((n) => n.includes(tool)),
          tool,
        ).toBe(true);
        expect(sumSamples(families, 'tradingagents_tool_calls_total', { tool })).toBe(TICKERS.length);
      }
    });

    it('LLM cost agrees: sum of tradingagents_llm_cost_usd_total == sum of generation costDetails.total', () => {
      const generations = receiver.observations().filter((o) => o.type === 'generation');
      const langfuseCost = generations.reduce((sum, o) => sum + (o.costDetails.total ?? 0), 0);
      const metricCost = sumSamples(families, 'tradingagents_llm_cost_usd_total');
      expect(metricCost).toBeGreaterThan(0);
      expect(Math.abs(metricCost - langfuseCost) / metricCost).toBeLessThanOrEqual(1e-9);
      // 12 agents, and the analysts call the model twice (tool call, then report).
      expect(generations).toHaveLength(TICKERS.length * (ROLE_IDS.length + 4));
      expect(sumSamples(families, 'tradingagents_llm_requests_total')).toBe(generations.length);
      // Every call ran on the provider's model, priced, with tokens by type equal to Langfuse's usage.
      expect(labelValues(families, 'tradingagents_llm_requests_total', 'model')).toEqual(new Set([model]));
      expect(new Set(generations.map((g) => g.model))).toEqual(new Set([model]));
      for (const type of ['input', 'output'] as const) {
        const langfuse = generations.reduce((sum, o) => sum + (o.usageDetails[type] ?? 0), 0);
        expect(sumSamples(families, 'tradingagents_llm_tokens_total', { type }), type).toBe(langfuse);
      }
    });

    it('decisions, outcomes and feedback are on /metrics', () => {
      expect(sumSamples(families, 'tradingagents_trade_decisions_total')).toBe(TICKERS.length);
      expect(sumSamples(families, 'tradingagents_trade_outcomes_total')).toBe(TICKERS.length);
      expect(sumSamples(families, 'tradingagents_feedback_score_count')).toBe(TICKERS.length);
      expect(sumSamples(families, 'tradingagents_analyses_total', { status: 'success' })).toBe(
        TICKERS.length,
      );
      expect(families.some((f) => f.name === 'tradingagents_analysis_queue_length')).toBe(true);
    });
  });
}
