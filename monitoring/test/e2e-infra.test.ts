/**
 * End-to-end, part 1 (no app): real PostgreSQL, postgres_exporter, node_exporter, Alertmanager and
 * Prometheus on loopback with the repository's configuration. Every System and Database dashboard
 * query returns data (except the client-side pg panels, which need the app: part 2), the budget
 * rule records, an alert travels Prometheus -> Alertmanager -> webhook, and Alertmanager applies
 * the inhibition rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPanelQueries } from '../grafana/src/queries.js';
import { LLM_BUDGET_SERIES } from '../prometheus/src/budget.js';
import { eventually, getAlerts, postAlerts, query } from './support/prometheus-api.js';
import { startTestStack, type TestStack } from './support/stack.js';

/** Panels fed by the app's pg instrumentation, not by exporters. */
const NEEDS_APP = /db_client_operation_duration/;

let stack: TestStack;
let appTarget = '';

beforeAll(async () => {
  // A target nobody listens on (port 1, privileged and unused): the tradingagents job is down, so
  // TelemetryTargetDown fires.
  appTarget = '127.0.0.1:1';
  stack = await startTestStack({ appTargets: [appTarget] });
  await eventually(
    'every exporter scraped up',
    async () => {
      const up = await query(stack.prometheus.url, 'up{job=~"node|postgres|alertmanager|prometheus"} == 1');
      return up.length === 4 ? up : undefined;
    },
    30_000,
  );
  // rate() over the test's 10s window needs a few scrapes of each counter.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

describe('e2e: exporters, Prometheus and Alertmanager on loopback', () => {
  it('every System and Database dashboard query returns data', async () => {
    const queries = listPanelQueries({ rateInterval: '10s', range: '1m', interval: '1s' }).filter(
      (q) => (q.file === 'system.json' || q.file === 'database.json') && !NEEDS_APP.test(q.expr),
    );
    expect(queries.length).toBeGreaterThan(20);
    const empty: string[] = [];
    for (const q of queries) {
      const samples = await eventually(
        `${q.dashboard} / ${q.panel}`,
        async () => {
          const result = await query(stack.prometheus.url, q.expr);
          return result.length > 0 ? result : undefined;
        },
        5_000,
      ).catch(() => []);
      if (samples.length === 0) empty.push(`${q.dashboard} / "${q.panel}" ${q.refId}: ${q.expr}`);
    }
    expect(empty, `panels with no data:\n${empty.join('\n')}\n${stack.logs()}`).toEqual([]);
  }, 120_000);

  it('every query of every dashboard is valid PromQL that Prometheus evaluates', async () => {
    const failures: string[] = [];
    for (const q of listPanelQueries()) {
      await query(stack.prometheus.url, q.expr).catch((error: Error) =>
        failures.push(`${q.dashboard} / "${q.panel}" ${q.refId}: ${error.message}`),
      );
    }
    expect(failures).toEqual([]);
  });

  it('the budget series is recorded for HighLLMCost', async () => {
    const samples = await eventually('budget series', async () => {
      const result = await query(stack.prometheus.url, LLM_BUDGET_SERIES);
      return result.length > 0 ? result : undefined;
    });
    expect(Number(samples[0]?.value[1])).toBe(10);
  });

  it('delivers TelemetryTargetDown for the unreachable app to the webhook', async () => {
    const message = await eventually(
      'TelemetryTargetDown at the webhook',
      async () =>
        stack.webhook.messages.find((m) =>
          m.alerts.some((a) => a.labels.alertname === 'TelemetryTargetDown' && a.status === 'firing'),
        ),
      30_000,
    );
    expect(message.receiver).toBe('critical');
    const alert = message.alerts.find((a) => a.labels.alertname === 'TelemetryTargetDown');
    expect(alert?.labels).toMatchObject({ job: 'tradingagents', instance: appTarget, severity: 'critical' });
    expect(alert?.annotations.summary).toBe(`Prometheus cannot scrape TradingAgents on ${appTarget}`);
  }, 40_000);

  it('Alertmanager inhibits warnings under a critical, and app alerts of a target that is down', async () => {
    const base = { job: 'tradingagents', layer: 'app' };
    await postAlerts(stack.alertmanager.url, [
      { labels: { ...base, alertname: 'HighErrorRate', severity: 'warning', instance: 'a:9464' } },
      { labels: { ...base, alertname: 'HighErrorRate', severity: 'critical', instance: 'a:9464' } },
      { labels: { ...base, alertname: 'HighErrorRate', severity: 'warning', instance: 'b:9464' } },
      { labels: { ...base, alertname: 'SlowAnalysis', severity: 'warning', instance: 'c:9464' } },
      {
        labels: {
          alertname: 'TelemetryTargetDown',
          job: 'tradingagents',
          instance: 'c:9464',
          layer: 'target',
          severity: 'critical',
        },
      },
    ]);
    const state = (
      alerts: Awaited<ReturnType<typeof getAlerts>>,
      name: string,
      severity: string,
      instance: string,
    ) =>
      alerts.find(
        (a) =>
          a.labels.alertname === name && a.labels.severity === severity && a.labels.instance === instance,
      )?.status;
    const alerts = await eventually('the posted alerts, inhibitions applied', async () => {
      const all = await getAlerts(stack.alertmanager.url);
      return state(all, 'SlowAnalysis', 'warning', 'c:9464')?.state === 'suppressed' &&
        state(all, 'HighErrorRate', 'warning', 'a:9464')?.state === 'suppressed'
        ? all
        : undefined;
    });
    expect(state(alerts, 'HighErrorRate', 'critical', 'a:9464')?.state).toBe('active');
    expect(state(alerts, 'HighErrorRate', 'warning', 'b:9464')?.state).toBe('active');
    expect(state(alerts, 'TelemetryTargetDown', 'critical', 'c:9464')?.state).toBe('active');
  });
});
