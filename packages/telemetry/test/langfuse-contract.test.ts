import { trace } from '@opentelemetry/api';
import {
  type LangfuseReceiverHandle as LangfuseReceiver,
  parsePrometheusText,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../src/catalogue.js';
import { registerTradingAgentsTelemetry, type TelemetryHandle, trackAnalysis } from '../src/index.js';
import { runWorkload } from './support/workload.js';

const TICKERS = ['NVDA', 'AAPL', 'TSLA'];

describe('Langfuse OTLP contract', () => {
  let receiver: LangfuseReceiver;
  let handle: TelemetryHandle;
  let metricsText: string;

  beforeAll(async () => {
    receiver = await startLangfuseReceiver({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test' });
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      langfuse: {
        publicKey: 'pk-lf-test',
        secretKey: 'sk-lf-test',
        baseUrl: receiver.baseUrl,
        environment: 'ci',
        release: 'v1',
      },
    });
    await handle.ready;
    await runWorkload(TICKERS, { failTicker: 'TSLA' });
    // A non-LLM span, as the HTTP instrumentation makes one, inside an analysis.
    await trackAnalysis({ ticker: 'SPY' }, async () => {
      const span = trace.getTracer('@opentelemetry/instrumentation-http').startSpan('GET', {
        attributes: { 'http.request.method': 'GET', 'url.full': 'http://127.0.0.1/prices' },
      });
      span.end();
    });
    await handle.forceFlush();
    metricsText = await (await fetch(handle.metricsUrl as string)).text();
  });

  afterAll(async () => {
    await handle?.shutdown();
    await receiver?.close();
  });

  it('authenticates with Basic auth at the OTLP endpoint', () => {
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) {
      expect(request.path).toBe('/api/public/otel/v1/traces');
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}`,
      );
    }
  });

  it('receives one trace per analysis, named after it, with session, user, tags and environment', () => {
    const traces = receiver.traces();
    const names = traces.map((t) => t.name).sort();
    expect(names).toEqual(['analysis AAPL', 'analysis NVDA', 'analysis SPY', 'analysis TSLA']);
    const nvda = traces.find((t) => t.name === 'analysis NVDA');
    expect(nvda).toMatchObject({
      sessionId: 'session-1',
      userId: 'user-1',
      tags: ['test'],
      environment: 'ci',
      release: 'v1',
    });
  });

  it('puts trace attributes on every span, as Langfuse requires', () => {
    for (const span of receiver.spans.filter((s) => s.name !== 'analysis SPY' && !s.name.startsWith('GET'))) {
      expect(span.attributes['langfuse.trace.name'], span.name).toMatch(/^analysis /);
      expect(span.attributes['session.id'], span.name).toBe('session-1');
    }
  });

  it('receives agent observations under the analysis', () => {
    const observations = receiver.observations();
    const agents = observations.filter((o) => o.type === 'agent');
    expect(new Set(agents.map((a) => a.name))).toEqual(
      new Set([
        'invoke_agent market_analyst',
        'invoke_agent news_analyst',
        'invoke_agent trader',
        'invoke_agent risk_manager',
      ]),
    );
    const roots = new Map(receiver.traces().map((t) => [t.id, t.rootObservationId]));
    for (const agent of agents) expect(agent.parentObservationId).toBe(roots.get(agent.traceId));
    const failed = agents.find((a) => a.name === 'invoke_agent risk_manager');
    expect(failed?.level).toBe('ERROR');
  });

  it('receives generations with model, usage and cost equal to the Prometheus counters', () => {
    const observations = receiver.observations();
    const generations = observations.filter((o) => o.type === 'generation');
    expect(generations).toHaveLength(TICKERS.length * 3 + 1);
    for (const g of generations) {
      expect(g.model).toBeTruthy();
      expect(g.issues).toEqual([]);
      const parent = observations.find((o) => o.id === g.parentObservationId);
      expect(parent?.type).toBe('agent');
    }
    const families = parsePrometheusText(metricsText);
    const costSamples = families.find((f) => f.name === METRICS.llmCost.prometheusName)?.samples ?? [];
    const tokenSamples = families.find((f) => f.name === METRICS.llmTokens.prometheusName)?.samples ?? [];
    for (const agent of ['market_analyst', 'news_analyst', 'trader', 'risk_manager']) {
      const ofAgent = generations.filter((g) => g.attributes['gen_ai.agent.name'] === agent);
      const spanCost = ofAgent.reduce((acc, g) => acc + (g.costDetails.total ?? 0), 0);
      const promCost = costSamples
        .filter((s) => s.labels.agent_name === agent)
        .reduce((acc, s) => acc + s.value, 0);
      expect(Math.abs(spanCost - promCost), agent).toBeLessThanOrEqual(1e-12 * Math.max(1, promCost));
      const spanInput = ofAgent.reduce(
        (acc, g) => acc + Number(g.attributes['gen_ai.usage.input_tokens'] ?? 0),
        0,
      );
      const promInput = tokenSamples
        .filter((s) => s.labels.agent_name === agent && s.labels.type === 'input')
        .reduce((acc, s) => acc + s.value, 0);
      expect(spanInput, agent).toBe(promInput);
      // Langfuse's own usage keys add up to the same input tokens.
      const lfInput = ofAgent.reduce(
        (acc, g) => acc + (g.usageDetails.input ?? 0) + (g.usageDetails.input_cached_tokens ?? 0),
        0,
      );
      expect(lfInput, agent).toBe(promInput);
    }
    const market = generations.find((g) => g.attributes['gen_ai.agent.name'] === 'market_analyst');
    expect(market?.model).toBe('gpt-4o-mini-2024-07-18');
    expect(market?.usageDetails).toMatchObject({
      input: 1000,
      input_cached_tokens: 200,
      output: 250,
      output_reasoning_tokens: 50,
    });
    expect(market?.costDetails.total).toBeGreaterThan(0);
  });

  it('sends no non-LLM spans such as HTTP client spans', () => {
    expect(receiver.spans.some((s) => s.scope.name === '@opentelemetry/instrumentation-http')).toBe(false);
    expect(receiver.spans.some((s) => s.name === 'analysis SPY')).toBe(true);
  });

  it('captures no prompt or completion content by default', () => {
    for (const o of receiver.observations()) {
      expect(o.input ?? null).toBeNull();
      expect(o.output ?? null).toBeNull();
    }
  });

  it('counts exported spans in a self-metric', () => {
    const families = parsePrometheusText(metricsText);
    const exported = families.find((f) => f.name === METRICS.exportedSpans.prometheusName)?.samples ?? [];
    const ok = exported.find((s) => s.labels.exporter === 'langfuse' && s.labels.result === 'success');
    // The scrape was taken after the flush, so every span received was counted.
    expect(ok?.value).toBe(receiver.spans.length);
  });
});
