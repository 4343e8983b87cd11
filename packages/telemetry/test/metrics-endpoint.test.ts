import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LangfuseReceiverHandle,
  type MetricFamily,
  parsePrometheusText,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_CATALOGUE, METRICS } from '../src/catalogue.js';
import {
  registerTradingAgentsTelemetry,
  type TelemetryHandle,
  trackAgent,
  trackLlmCall,
} from '../src/index.js';
import { runWorkflowWorkload, runWorkload } from './support/workload.js';

const SECRET_ARG = '--openai-api-key=sk-live-very-secret';

function family(families: MetricFamily[], name: string): MetricFamily | undefined {
  return families.find((f) => f.name === name);
}

function sum(families: MetricFamily[], sampleName: string): number {
  return families
    .flatMap((f) => f.samples)
    .filter((s) => s.name === sampleName)
    .reduce((acc, s) => acc + s.value, 0);
}

describe('/metrics end to end', () => {
  let handle: TelemetryHandle;
  let text: string;
  let families: MetricFamily[];
  let receiver: LangfuseReceiverHandle;

  beforeAll(async () => {
    process.argv.push(SECRET_ARG);
    receiver = await startLangfuseReceiver({ publicKey: 'pk-lf-1', secretKey: 'sk-lf-secret' });
    handle = registerTradingAgentsTelemetry({
      serviceName: 'metrics-e2e',
      metrics: { port: 0 },
      handleSignals: false,
      langfuse: { publicKey: 'pk-lf-1', secretKey: 'sk-lf-secret', baseUrl: receiver.baseUrl },
      resourceAttributes: { 'deployment.environment.name': 'test', 'db.password': 'hunter2' },
      // A spool (empty: nothing to send) shows its counters at 0.
      spool: { dir: mkdtempSync(join(tmpdir(), 'ta-metrics-spool-')) },
    });
    await handle.ready;
    await runWorkload(['NVDA', 'AAPL', 'MSFT'], { failTicker: 'MSFT' });
    await runWorkflowWorkload();
    // A model the price table does not know: its cost is 0 here, absent in Langfuse, counted apart.
    await trackAgent('researcher', () =>
      trackLlmCall({ model: 'my-finetune-v1' }, async (generation) =>
        generation.setUsage({ input: 40, output: 10 }),
      ),
    );
    await handle.forceFlush();
    const response = await fetch(handle.metricsUrl as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    text = await response.text();
    families = parsePrometheusText(text);
  });

  afterAll(async () => {
    process.argv.splice(process.argv.indexOf(SECRET_ARG), 1);
    await handle.shutdown();
    await receiver.close();
  });

  it('serves on loopback by default', () => {
    expect(handle.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });

  it.each(METRIC_CATALOGUE.map((def) => [def.prometheusName, def] as const))(
    '%s has its catalogue name, type, labels and buckets',
    (_name, def) => {
      const found = family(families, def.prometheusName);
      expect(found, `${def.prometheusName} missing from /metrics`).toBeDefined();
      if (!found) return;
      expect(found.type).toBe(def.prometheusType);
      expect(found.samples.length).toBeGreaterThan(0);
      for (const sample of found.samples) {
        const keys = Object.keys(sample.labels).filter((k) => k !== 'le');
        expect(keys.sort()).toEqual([...def.labels].sort());
      }
      if (def.buckets) {
        const first = found.samples.find((s) => s.name === `${def.prometheusName}_bucket`);
        expect(first).toBeDefined();
        const seriesKey = JSON.stringify({ ...first?.labels, le: undefined });
        const bounds = found.samples
          .filter(
            (s) =>
              s.name === `${def.prometheusName}_bucket` &&
              JSON.stringify({ ...s.labels, le: undefined }) === seriesKey,
          )
          .map((s) => s.labels.le);
        expect(bounds).toEqual([...def.buckets.map(String), '+Inf']);
      }
    },
  );

  it('counts calls to a model without a price apart, by model and agent', () => {
    const unpriced = family(families, METRICS.llmUnpricedRequests.prometheusName)?.samples ?? [];
    expect(unpriced.map((s) => [s.labels.model, s.labels.agent_name, s.value])).toEqual([
      ['my-finetune-v1', 'researcher', 1],
    ]);
  });

  it('attributes tokens and cost to the enclosing agent', () => {
    const tokens = family(families, METRICS.llmTokens.prometheusName)?.samples ?? [];
    const input = tokens.find(
      (s) =>
        s.labels.agent_name === 'market_analyst' &&
        s.labels.type === 'input' &&
        s.labels.model === 'gpt-4o-mini',
    );
    expect(input?.value).toBe(3 * 1200);
    const cacheRead = tokens.find(
      (s) => s.labels.agent_name === 'market_analyst' && s.labels.type === 'cache_read',
    );
    expect(cacheRead?.value).toBe(3 * 200);
    const reasoning = tokens.find((s) => s.labels.agent_name === 'trader' && s.labels.type === 'reasoning');
    expect(reasoning?.value).toBe(3 * 60);
    const requests = family(families, METRICS.llmRequests.prometheusName)?.samples ?? [];
    expect(
      requests.find((s) => s.labels.agent_name === 'risk_manager' && s.labels.status === 'error')?.value,
    ).toBe(1);
  });

  it('has the analysis and outermost workflow cost sums equal to the LLM cost counter sum', () => {
    const llmCost = sum(families, METRICS.llmCost.prometheusName);
    const analysisCost = sum(families, `${METRICS.analysisCost.prometheusName}_sum`);
    const workflowCost = (workflow: string) =>
      (family(families, METRICS.workflowCost.prometheusName)?.samples ?? [])
        .filter((s) => s.name.endsWith('_sum') && s.labels.workflow === workflow)
        .reduce((acc, s) => acc + s.value, 0);
    expect(llmCost).toBeGreaterThan(0);
    // support_bot's runs hold every workflow call (one nested in nightly_digest, which counts it too).
    const supportBot = workflowCost('support_bot');
    expect(supportBot).toBeGreaterThan(0);
    expect(workflowCost('nightly_digest')).toBeCloseTo(supportBot / 2, 12);
    expect(Math.abs(llmCost - analysisCost - supportBot)).toBeLessThanOrEqual(1e-12 * llmCost);
  });

  it('counts workflow runs by name and status, with a duration and a cost per run', () => {
    const runs = family(families, METRICS.workflowRuns.prometheusName)?.samples ?? [];
    const count = (workflow: string, status: string) =>
      runs.find((s) => s.labels.workflow === workflow && s.labels.status === status)?.value;
    expect(count('support_bot', 'success')).toBe(2);
    expect(count('support_bot', 'error')).toBe(1);
    expect(count('nightly_digest', 'success')).toBe(1);
    const durations = family(families, METRICS.workflowDuration.prometheusName)?.samples ?? [];
    const durationCount = durations
      .filter((s) => s.name.endsWith('_count') && s.labels.workflow === 'support_bot')
      .reduce((acc, s) => acc + s.value, 0);
    expect(durationCount).toBe(3);
    const costCount = (family(families, METRICS.workflowCost.prometheusName)?.samples ?? []).find(
      (s) => s.name.endsWith('_count') && s.labels.workflow === 'support_bot',
    );
    expect(costCount?.value).toBe(3);
  });

  it('records gen_ai.execute_tool.duration per tool and agent, with error.type on failures', () => {
    const samples = (family(families, METRICS.genAiToolDuration.prometheusName)?.samples ?? []).filter((s) =>
      s.name.endsWith('_count'),
    );
    const failed = samples.find((s) => s.labels.gen_ai_tool_name === 'search_kb');
    expect(failed?.labels).toMatchObject({ gen_ai_agent_name: 'responder', error_type: 'RangeError' });
    expect(failed?.value).toBe(1);
    const ok = samples.filter((s) => s.labels.gen_ai_tool_name === 'get_price_history');
    expect(ok.reduce((acc, s) => acc + s.value, 0)).toBe(6);
    expect(ok.every((s) => (s.labels.error_type ?? '') === '')).toBe(true);
  });

  it('counts analyses by status and leaves none active', () => {
    const analyses = family(families, METRICS.analyses.prometheusName)?.samples ?? [];
    expect(analyses.find((s) => s.labels.ticker === 'MSFT')?.labels.status).toBe('error');
    expect(analyses.filter((s) => s.labels.status === 'success').length).toBe(2);
    expect(family(families, METRICS.activeAnalyses.prometheusName)?.samples[0]?.value).toBe(0);
  });

  it('keeps argv and secrets out of target_info and labels', () => {
    expect(text).not.toContain('sk-live-very-secret');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('sk-lf-secret');
    expect(text).not.toContain('command_args');
    expect(text).not.toContain('otel_scope_name');
    const targetInfo = family(families, 'target_info');
    expect(targetInfo?.samples[0]?.labels.service_name).toBe('metrics-e2e');
    expect(targetInfo?.samples[0]?.labels.deployment_environment_name).toBe('test');
  });
});
