import {
  type LangfuseReceiverHandle,
  type OpenMetricsFamily,
  parseOpenMetricsText,
  parsePrometheusText,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateFormat } from '../src/exposition-format.js';
import { registerTradingAgentsTelemetry, type TelemetryHandle } from '../src/index.js';
import { parseWithReference, referenceParserAvailable } from './support/openmetrics-reference.js';
import { runWorkload } from './support/workload.js';

/** What Prometheus 2.42 sends when it scrapes. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'prometheus-text'],
    ['', 'prometheus-text'],
    ['*/*', 'prometheus-text'],
    ['text/plain;version=0.0.4', 'prometheus-text'],
    [PROMETHEUS_ACCEPT, 'openmetrics'],
    ['application/openmetrics-text', 'openmetrics'],
    ['Application/OpenMetrics-Text; Version=1.0.0; charset=utf-8', 'openmetrics'],
    ['application/openmetrics-text;version=0.0.1', 'prometheus-text'],
    ['application/openmetrics-text;version=2.0.0,text/plain', 'prometheus-text'],
    ['application/openmetrics-text;q=0,text/plain', 'prometheus-text'],
    ['text/plain;q=0.9,application/openmetrics-text;q=0.5', 'prometheus-text'],
    ['text/plain,application/openmetrics-text', 'prometheus-text'],
    ['application/openmetrics-text,text/plain', 'openmetrics'],
    ['application/openmetrics-text;q=abc', 'prometheus-text'],
  ] as const)('Accept %j -> %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('/metrics in OpenMetrics with exemplars, end to end', () => {
  let handle: TelemetryHandle;
  let receiver: LangfuseReceiverHandle;
  let om: OpenMetricsFamily[];
  let omText: string;
  let omContentType: string | null;

  beforeAll(async () => {
    receiver = await startLangfuseReceiver({ publicKey: 'pk-lf-om', secretKey: 'sk-lf-om' });
    handle = registerTradingAgentsTelemetry({
      serviceName: 'openmetrics-e2e',
      metrics: { port: 0 },
      handleSignals: false,
      langfuse: { publicKey: 'pk-lf-om', secretKey: 'sk-lf-om', baseUrl: receiver.baseUrl },
    });
    await handle.ready;
    await runWorkload(['NVDA', 'AAPL', 'MSFT'], { failTicker: 'MSFT' });
    await handle.forceFlush();
    const response = await fetch(handle.metricsUrl as string, { headers: { accept: PROMETHEUS_ACCEPT } });
    expect(response.status).toBe(200);
    omContentType = response.headers.get('content-type');
    omText = await response.text();
    om = parseOpenMetricsText(omText);
  });

  afterAll(async () => {
    await handle.shutdown();
    await receiver.close();
  });

  it('answers a scraper asking for OpenMetrics with OpenMetrics 1.0', () => {
    expect(omContentType).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(omText.endsWith('# EOF\n')).toBe(true);
    expect(om.find((f) => f.name === 'tradingagents_analyses')?.type).toBe('counter');
    expect(om.find((f) => f.name === 'target')?.type).toBe('info');
  });

  it('answers everyone else with the text format, with the same samples', async () => {
    for (const accept of [undefined, 'text/plain;version=0.0.4', '*/*']) {
      const response = await fetch(handle.metricsUrl as string, accept ? { headers: { accept } } : {});
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      // Sent in slices but as one body with its length, as before: not chunked.
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
      expect(response.headers.get('transfer-encoding')).toBeNull();
      expect(text).not.toContain('# EOF');
      expect(text).not.toContain('trace_id');
      const key = (f: { samples: { name: string; labels: Record<string, string>; value: number }[] }[]) =>
        f
          .flatMap((x) => x.samples)
          // The handle's own SDK instruments (none here) aside, both formats hold the same samples.
          .map((s) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value}`)
          .sort();
      expect(key(parsePrometheusText(text))).toEqual(key(om));
    }
  });

  it('is valid OpenMetrics to the reference parser (Prometheus Python client): same samples and exemplars as ours', () => {
    expect(referenceParserAvailable(), 'python3-prometheus-client (scripts/ensure-system-packages.sh)').toBe(
      true,
    );
    const reference = parseWithReference(omText);
    const ours = om.flatMap((f) => f.samples);
    expect(reference).toHaveLength(ours.length);
    const key = (name: string, labels: Record<string, string>) =>
      `${name}{${Object.entries(labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}}`;
    const oursByKey = new Map(ours.map((s) => [key(s.name, s.labels), s]));
    let exemplars = 0;
    for (const sample of reference) {
      const mine = oursByKey.get(key(sample.name, sample.labels));
      expect(mine, key(sample.name, sample.labels)).toBeDefined();
      if (typeof sample.value === 'number') expect(sample.value).toBeCloseTo(mine?.value as number, 12);
      expect(sample.exemplar?.labels).toEqual(mine?.exemplar?.labels);
      if (sample.exemplar) {
        exemplars++;
        expect(sample.exemplar.value).toBeCloseTo(mine?.exemplar?.value as number, 12);
        expect(sample.exemplar.timestamp).toBeCloseTo(mine?.exemplar?.timestamp as number, 3);
      }
    }
    expect(exemplars).toBeGreaterThan(10);
    // The reference is strict where it matters: a missing # EOF or a counter sample without _total fails.
    expect(() => parseWithReference(omText.replace('# EOF\n', ''))).toThrow(/EOF/);
    expect(() =>
      parseWithReference(omText.replace(/^tradingagents_analyses_total\{/m, 'tradingagents_analyses{')),
    ).toThrow(/rejected/);
  });

  it('answers HEAD with the headers and no body, in either format', async () => {
    for (const accept of [PROMETHEUS_ACCEPT, 'text/plain']) {
      const response = await fetch(handle.metricsUrl as string, { method: 'HEAD', headers: { accept } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(
        accept === 'text/plain' ? 'text/plain' : 'openmetrics',
      );
      expect(await response.text()).toBe('');
    }
  });

  it('links the analysis duration, LLM cost, error and tool-call series to traces Langfuse received', () => {
    const spans = receiver.spans;
    const traces = receiver.traces();
    const exemplars = om.flatMap((f) =>
      f.samples.flatMap((s) => (s.exemplar ? [{ family: f.name, sample: s, exemplar: s.exemplar }] : [])),
    );
    const byFamily = (name: string) => exemplars.filter((e) => e.family === name);
    for (const name of [
      'tradingagents_analysis_duration_seconds',
      'tradingagents_agent_duration_seconds',
      'gen_ai_client_operation_duration',
      'tradingagents_llm_cost_usd',
      'tradingagents_llm_requests',
      'tradingagents_tool_calls',
    ]) {
      expect(byFamily(name).length, name).toBeGreaterThan(0);
    }
    for (const { exemplar } of exemplars) {
      const span = spans.find((s) => s.spanId === exemplar.labels.span_id);
      expect(span?.traceId, `span ${exemplar.labels.span_id} reached Langfuse`).toBe(
        exemplar.labels.trace_id,
      );
    }
    // The analysis duration of ticker T links to the trace of that analysis.
    for (const { sample, exemplar } of byFamily('tradingagents_analysis_duration_seconds')) {
      const trace = traces.find((t) => t.id === exemplar.labels.trace_id);
      expect(trace?.name).toBe(`analysis ${sample.labels.ticker}`);
    }
    // The failed LLM call's error series links to the failing analysis (MSFT), to the failed generation.
    const errors = byFamily('tradingagents_llm_requests').filter((e) => e.sample.labels.status === 'error');
    expect(errors).toHaveLength(1);
    const failed = spans.find((s) => s.spanId === errors[0]?.exemplar.labels.span_id);
    expect(failed?.status.code).toBe(2);
    expect(traces.find((t) => t.id === failed?.traceId)?.name).toBe('analysis MSFT');
    // LLM cost by agent links to a generation of that agent.
    for (const { sample, exemplar } of byFamily('tradingagents_llm_cost_usd')) {
      const generation = receiver.observations().find((o) => o.id === exemplar.labels.span_id);
      expect(generation?.type).toBe('generation');
      const parent = receiver.observations().find((o) => o.id === generation?.parentObservationId);
      expect(parent?.name).toBe(`invoke_agent ${sample.labels.agent_name}`);
    }
  });
});
