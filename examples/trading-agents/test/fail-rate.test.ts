import { type MetricFamily, scrape, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type DemoProcess, freePort, metricsUrlOf, startDemo } from './support/demo-process.js';

describe('failure injection (TRADINGAGENTS_DEMO_FAIL_RATE=0.5)', () => {
  let demo: DemoProcess;
  let families: MetricFamily[];

  beforeAll(async () => {
    demo = startDemo(
      ['--tickers', 'NVDA,AAPL,MSFT,TSLA', '--concurrency', '4', '--metrics-port', String(await freePort())],
      {
        env: cleanEnv({ TRADINGAGENTS_DEMO_FAIL_RATE: '0.5' }),
      },
    );
    await demo.waitFor('press Ctrl-C to stop');
    families = await scrape(metricsUrlOf(demo.stdout()));
    expect(await demo.stop(), demo.stderr()).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('fails every second analysis with HTTP 500s from the embedded LLM', () => {
    expect(sumSamples(families, 'tradingagents_analyses_total', { status: 'error' })).toBe(2);
    expect(sumSamples(families, 'tradingagents_analyses_total', { status: 'success' })).toBe(2);
    expect(sumSamples(families, 'tradingagents_llm_requests_total', { status: 'error' })).toBeGreaterThan(0);
    expect(sumSamples(families, 'tradingagents_agent_executions_total', { status: 'error' })).toBeGreaterThan(
      0,
    );
    expect(demo.stdout()).toContain('2/4 analyses succeeded');
    expect(demo.stdout()).toMatch(/AAPL failed: 500 .*injected failure/);
  });
});
