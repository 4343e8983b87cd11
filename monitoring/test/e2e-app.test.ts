/**
 * End-to-end, part 2 (issues 5 and 6): the whole stack on loopback (PostgreSQL, postgres_exporter,
 * node_exporter, Alertmanager, Prometheus with the repository's rules), the TradingAgents example
 * app as a child process (offline LLM, `--loop`, DATABASE_URL on the test PostgreSQL, spans to a
 * Langfuse receiver) and the Langfuse bridge (`startLangfuseExporter()` against a Metrics API fake).
 * A second target is a generic graph app (workflow runs only, no analyses) for the workflow panels.
 * Every panel query of every dashboard, every variable and every recording rule returns data from
 * what Prometheus scraped; Prometheus remote-writes everything into a real VictoriaMetrics with the
 * shipped remote_write block, and every dashboard query returns the same series from both; then a
 * second app instance fails half its analyses and HighErrorRate travels Prometheus -> Alertmanager
 * -> webhook for that instance only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '../../packages/testkit/src/index.js';
import { buildDashboards } from '../grafana/src/index.js';
import {
  listPanelQueries,
  listVariableQueries,
  substitute,
  variableDefaults,
} from '../grafana/src/queries.js';
import { RECORDING_GROUPS } from '../prometheus/src/recording.js';
import { type RunningApp, startApp } from './support/app.js';
import { type RunningBridge, startLangfuseBridge } from './support/langfuse-bridge.js';
import { PROMETHEUS_DIR } from './support/paths.js';
import { eventually, query, type Sample } from './support/prometheus-api.js';
import { freePort, type RunningServer } from './support/servers.js';
import { startTestStack, type TestStack } from './support/stack.js';
import {
  seriesKey,
  shippedVictoriaMetricsRemoteWrite,
  startVictoriaMetrics,
} from './support/victoria-metrics.js';
import { startWorkflowApp } from './support/workflow-app.js';

/** Grafana's intervals for a dashboard looking at the last minute of 1 s scrapes. */
const INTERVALS = { rateInterval: '10s', range: '1m', interval: '1s' } as const;
/**
 * Dashboards fed by the blackbox exporter and cAdvisor, not by the app: e2e-services.test.ts runs
 * the Services dashboard's queries against real probes.
 */
const NOT_FROM_APP = new Set(['services.json']);
/** Scrapes of the app before the queries run: rate() over 10 s needs a few samples. */
const MIN_SCRAPES = 6;

let stack: TestStack;
let app: RunningApp;
let workflowApp: RunningApp;
let failing: RunningApp | undefined;
let bridge: RunningBridge;
let langfuse: LangfuseReceiverHandle;
let victoria: RunningServer;

const nonEmpty = async (expr: string) => {
  const result = await query(stack.prometheus.url, expr);
  return result.length > 0 ? result : undefined;
};

/** Runs `expr` until it returns data (or `timeoutMs`); true when it did. */
const returnsData = (expr: string, timeoutMs: number): Promise<boolean> =>
  eventually(expr, () => nonEmpty(expr), timeoutMs, 250).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  const keys = { publicKey: 'pk-lf-e2e', secretKey: 'sk-lf-e2e' };
  const [appPort, bridgePort, workflowPort] = [await freePort(), await freePort(), await freePort()];
  [bridge, langfuse, victoria] = await Promise.all([
    startLangfuseBridge(bridgePort),
    startLangfuseReceiver(keys),
    startVictoriaMetrics(),
  ]);
  // The shipped block as a user uncomments it, pointed at the test's VictoriaMetrics (no auth
  // there) and flushing every second instead of every 5 s.
  const { basic_auth: _auth, ...shipped } = shippedVictoriaMetricsRemoteWrite();
  const remoteWrite = {
    ...shipped,
    url: `${victoria.url}/api/v1/write`,
    queue_config: { ...(shipped.queue_config as object), batch_send_deadline: '1s' },
  };
  stack = await startTestStack({
    appTargets: [`127.0.0.1:${appPort}`, `127.0.0.1:${workflowPort}`],
    langfuseExporterPort: bridgePort,
    prometheusExtra: { remote_write: [remoteWrite] },
  });
  workflowApp = await startWorkflowApp(workflowPort);
  app = await startApp({
    port: appPort,
    databaseUrl: stack.postgres.dsn,
    langfuse: { baseUrl: langfuse.baseUrl, ...keys },
  });
  await eventually(
    `${MIN_SCRAPES} scrapes of the app with pg query durations and exported spans, and the bridge up`,
    async () => {
      const ready = await Promise.all(
        [
          `count_over_time(up{job="tradingagents"}[1m]) >= ${MIN_SCRAPES}`,
          'db_client_operation_duration_count{job="tradingagents"}',
          'tradingagents_telemetry_exported_spans_total{job="tradingagents", result="success"}',
          'up{job="langfuse-exporter"} == 1',
          'tradingagents_workflow_runs_total{job="tradingagents"}',
        ].map(nonEmpty),
      );
      return ready.every((samples) => samples !== undefined) ? true : undefined;
    },
    45_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- app\n${app?.logs().slice(-4000)}\n${stack.logs()}`);
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([app?.stop(), failing?.stop(), workflowApp?.stop()]);
  await Promise.all([stack?.stop(), bridge?.stop(), langfuse?.close()]);
  await victoria?.stop();
});

describe('e2e: the TradingAgents app and the Langfuse bridge, scraped by the whole stack', () => {
  it('every panel query of every dashboard returns data', async () => {
    const queries = listPanelQueries(INTERVALS).filter((q) => !NOT_FROM_APP.has(q.file));
    expect(new Set(queries.map((q) => q.file)).size).toBe(5);
    const empty: string[] = [];
    // Sequential on purpose: 2 cores run the whole stack and the app; one query at a time is enough.
    for (const q of queries) {
      // `or vector(0)` keeps a panel from reading "No data" in production; here the series itself
      // must exist, so the fallback is taken off.
      const expr = q.expr.replace(/\s+or vector\(0\)$/, '');
      if (!(await returnsData(expr, 3_000))) empty.push(`${q.dashboard} / "${q.panel}" ${q.refId}: ${expr}`);
    }
    expect(empty, `${empty.length} panel queries returned no data:\n${empty.join('\n')}`).toEqual([]);
  }, 120_000);

  it('every dashboard variable lists values', async () => {
    const dashboards = buildDashboards();
    const empty: string[] = [];
    for (const v of listVariableQueries().filter((q) => !NOT_FROM_APP.has(q.file))) {
      const dashboard = dashboards[v.file];
      const defaults = dashboard === undefined ? {} : variableDefaults(dashboard);
      // label_values(series, label) lists the label's values among the series' samples.
      const match = /^label_values\((.*),\s*(\w+)\)$/s.exec(v.query);
      expect(match, v.query).not.toBeNull();
      const expr = `count by (${match?.[2]}) (${substitute(match?.[1] ?? '', defaults, INTERVALS)})`;
      if (!(await returnsData(expr, 3_000))) empty.push(`${v.file} $${v.variable}: ${v.query}`);
    }
    expect(empty, `variables without values:\n${empty.join('\n')}`).toEqual([]);
  }, 60_000);

  it('every recording rule returns data', async () => {
    const records = readdirSync(join(PROMETHEUS_DIR, 'rules')).flatMap((file) =>
      (
        parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8')) as {
          groups: { rules: { record?: string }[] }[];
        }
      ).groups.flatMap((group) =>
        group.rules.flatMap((rule) => (rule.record === undefined ? [] : [`rules/${file}: ${rule.record}`])),
      ),
    );
    const generated = RECORDING_GROUPS.flatMap((group) => group.rules.map((rule) => rule.record));
    expect(records.map((r) => r.split(': ')[1])).toEqual(expect.arrayContaining(generated));
    expect(records.some((r) => r.startsWith('rules/langfuse.yml'))).toBe(true);
    const empty: string[] = [];
    for (const record of records) {
      const name = record.split(': ')[1] as string;
      if (!(await returnsData(name, 5_000))) empty.push(record);
    }
    expect(empty, `recording rules without data:\n${empty.join('\n')}`).toEqual([]);
  }, 60_000);

  it('every dashboard query returns the same series from VictoriaMetrics (remote_write) as from Prometheus', async () => {
    const external = ['environment'];
    // VictoriaMetrics leaves NaN samples out (e.g. a quantile or ratio over a window without
    // events); Grafana draws neither.
    const keys = (samples: Sample[]) =>
      samples
        .filter((s) => s.value[1] !== 'NaN')
        .map((s) => seriesKey(s, external))
        .sort();
    /** Both answers at one time both have (VictoriaMetrics holds what was sent a second ago). */
    const compare = async (expr: string) => {
      const at = Math.floor(Date.now() / 1000) - 2;
      const [fromPrometheus, fromVictoria] = await Promise.all([
        query(stack.prometheus.url, expr, at),
        query(victoria.url, expr, at),
      ]);
      const [expected, actual] = [keys(fromPrometheus), keys(fromVictoria)];
      const same = JSON.stringify(expected) === JSON.stringify(actual);
      return { same, expected, actual };
    };
    await eventually(
      'the app in VictoriaMetrics',
      async () => ((await compare('up{job="tradingagents"}')).actual.length > 0 ? true : undefined),
      15_000,
    );
    const mismatches: string[] = [];
    let compared = 0;
    for (const q of listPanelQueries(INTERVALS)) {
      // A series whose first sample is the only one in a rate()/increase() window differs for a
      // scrape: MetricsQL counts that sample from 0, PromQL needs two. One more scrape settles it,
      // so a query may take up to 4 tries, each at a fresh common time.
      let result = await compare(q.expr);
      for (let retry = 0; !result.same && retry < 3; retry += 1) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        result = await compare(q.expr);
      }
      if (result.expected.length > 0) compared += 1;
      if (!result.same) {
        const missing = result.expected.filter((k) => !result.actual.includes(k));
        const extra = result.actual.filter((k) => !result.expected.includes(k));
        mismatches.push(
          `${q.dashboard} / "${q.panel}" ${q.refId}: ${q.expr}\n  only in Prometheus: ${missing.join(' ')}\n  only in VictoriaMetrics: ${extra.join(' ')}`,
        );
      }
    }
    expect(mismatches, `${mismatches.length} queries differ:\n${mismatches.join('\n')}`).toEqual([]);
    expect(compared).toBeGreaterThan(80);
  }, 180_000);

  it("Langfuse's cost reaches Prometheus through the bridge, and the drift against the app's cost is recorded", async () => {
    const expected = bridge.fake.observations.reduce((sum, o) => sum + o.totalCost, 0);
    const [cost] = await query(
      stack.prometheus.url,
      'sum(tradingagents_langfuse_cost_usd{job="langfuse-exporter"})',
    );
    expect(Number(cost?.value[1])).toBeCloseTo(expected, 6);
    const [window] = await query(stack.prometheus.url, 'tradingagents:langfuse_cost_usd:window');
    expect(Number(window?.value[1])).toBeCloseTo(expected, 6);
    // The app's cost of the hour ending 10 minutes ago is 0 (it started seconds ago): only Langfuse
    // saw cost, which the ratio reads as +Inf.
    const [drift] = await query(stack.prometheus.url, 'tradingagents:langfuse_cost_drift_ratio');
    expect(drift?.value[1]).toBe('+Inf');
  });

  it('the app exported its spans to Langfuse and stored its analyses through the pg instrumentation', async () => {
    const [spans] = await query(
      stack.prometheus.url,
      'sum(tradingagents_telemetry_exported_spans_total{job="tradingagents", result="success"})',
    );
    expect(Number(spans?.value[1])).toBeGreaterThan(0);
    expect(langfuse.traces().some((trace) => /^analysis (NVDA|AAPL|MSFT)$/.test(trace.name ?? ''))).toBe(
      true,
    );
    const operations = await query(
      stack.prometheus.url,
      'sum by (db_operation_name) (db_client_operation_duration_count{job="tradingagents"})',
    );
    expect(operations.map((s) => s.metric.db_operation_name)).toEqual(expect.arrayContaining(['INSERT']));
  });

  it('an instance failing half its analyses fires HighErrorRate, delivered by Alertmanager to the webhook', async () => {
    failing = await startApp({ port: await freePort(), failRate: 0.5, tickers: 'NVDA,AAPL' });
    stack.setAppTargets([app.target, failing.target]);
    const target = failing.target;
    const message = await eventually(
      'HighErrorRate of the failing instance at the webhook',
      async () =>
        stack.webhook.messages.find((m) =>
          m.alerts.some(
            (a) =>
              a.labels.alertname === 'HighErrorRate' && a.labels.instance === target && a.status === 'firing',
          ),
        ),
      45_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- failing app\n${failing?.logs().slice(-3000)}\n${stack.logs()}`);
    });
    // 50% errors is above both thresholds (10%, 25%): the critical is delivered, its warning inhibited.
    expect(message.receiver).toBe('critical');
    const alert = message.alerts.find((a) => a.labels.alertname === 'HighErrorRate');
    expect(alert?.labels).toMatchObject({
      job: 'tradingagents',
      instance: target,
      severity: 'critical',
      layer: 'app',
    });
    expect(alert?.annotations.summary).toBe(`More than 25% of analyses fail on ${target}`);
    // The healthy instance stays quiet.
    const healthy = await query(
      stack.prometheus.url,
      `ALERTS{alertname="HighErrorRate", instance="${app.target}"}`,
    );
    expect(healthy).toEqual([]);
  }, 60_000);
});
