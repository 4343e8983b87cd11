/**
 * End-to-end, service health (issue 11): the real blackbox exporter with the committed modules
 * probes loopback services the way the committed probes/*.json probe the real ones: the app's
 * /metrics, Grafana's /api/health, Langfuse's health endpoint over HTTPS (a self-signed
 * certificate that expires in 5 days), the LLM API (401 without a key counts as reachable) and the
 * test PostgreSQL over TCP. Prometheus (1 s scrapes, the repository's rules, every `for` at 0s)
 * evaluates the Services dashboard and the service alerts: CertificateExpiring (warning) reaches
 * the webhook for Langfuse; Grafana is stopped mid-test and ServiceDown reaches the webhook for it
 * while the other services stay up.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboards } from '../grafana/src/index.js';
import {
  listPanelQueries,
  listVariableQueries,
  substitute,
  variableDefaults,
} from '../grafana/src/queries.js';
import type { ProbeTarget } from '../stack/render.js';
import {
  type LoopbackService,
  selfSignedCertificate,
  startHttpService,
  startHttpsService,
} from './support/loopback-services.js';
import { eventually, query } from './support/prometheus-api.js';
import { tempDir } from './support/servers.js';
import { startTestStack, type TestStack } from './support/stack.js';

const INTERVALS = { rateInterval: '10s', range: '1m', interval: '1s' } as const;
/** Panels fed by cAdvisor, which needs Docker (not available to the tests). */
const NEEDS_CADVISOR = /container_/;
const CERT_DAYS = 5;

let stack: TestStack;
let certFile = '';
const services: Record<string, LoopbackService> = {};
const certDir = tempDir('blackbox-tls');

const firing = (alertname: string, labels: Record<string, string>) =>
  stack.webhook.messages.find((m) =>
    m.alerts.some(
      (a) =>
        a.status === 'firing' &&
        a.labels.alertname === alertname &&
        Object.entries(labels).every(([key, value]) => a.labels[key] === value),
    ),
  );

beforeAll(async () => {
  const tls = await selfSignedCertificate(certDir.path, CERT_DAYS);
  certFile = tls.certFile;
  services.tradingagents = await startHttpService('/metrics', 200, '# EOF\n');
  services.grafana = await startHttpService('/api/health', 200, '{"database":"ok"}');
  services.langfuse = await startHttpsService('/api/public/health', tls);
  services['llm-api'] = await startHttpService('/v1/models', 401, '{"error":"no key"}');
  const probes: ProbeTarget[] = [
    { service: 'tradingagents', module: 'http_2xx', target: services.tradingagents.url },
    { service: 'grafana', module: 'http_2xx', target: services.grafana.url },
    { service: 'langfuse', module: 'http_2xx', target: services.langfuse.url },
    { service: 'llm-api', module: 'http_reachable', target: services['llm-api'].url },
    { service: 'postgresql', module: 'tcp_connect', target: '{postgres}' },
  ];
  stack = await startTestStack({ probes, probeCaFile: certFile });
  await eventually(
    'every probe succeeding',
    async () => {
      const up = await query(stack.prometheus.url, 'probe_success{job="blackbox"} == 1');
      return up.length === probes.length ? up : undefined;
    },
    30_000,
  ).catch(async (error: Error) => {
    const all = await query(stack.prometheus.url, 'probe_success').catch(() => []);
    throw new Error(`${error.message}\n${JSON.stringify(all)}\n${stack.logs()}`);
  });
  // rate() over 10 s needs a few scrapes.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(services).map((service) => service.stop()));
  await stack?.stop();
  certDir.cleanup();
});

describe('e2e: blackbox exporter probes, the Services dashboard and the service alerts', () => {
  it('scrapes the blackbox exporter itself', async () => {
    const up = await query(stack.prometheus.url, 'up{job="blackbox-exporter"}');
    expect(up.map((s) => s.value[1])).toEqual(['1']);
  });

  it('every Services panel query (cAdvisor aside) and its variable return data', async () => {
    const queries = listPanelQueries(INTERVALS).filter(
      (q) => q.file === 'services.json' && !NEEDS_CADVISOR.test(q.expr),
    );
    expect(queries.length).toBeGreaterThanOrEqual(8);
    const empty: string[] = [];
    for (const q of queries) {
      const ok = await eventually(
        q.panel,
        async () => ((await query(stack.prometheus.url, q.expr)).length > 0 ? true : undefined),
        5_000,
      ).catch(() => false);
      if (!ok) empty.push(`"${q.panel}" ${q.refId}: ${q.expr}`);
    }
    expect(empty, `panels with no data:\n${empty.join('\n')}`).toEqual([]);

    const dashboard = buildDashboards()['services.json'];
    const [variable] = listVariableQueries().filter((v) => v.file === 'services.json');
    const match = /^label_values\((.*),\s*(\w+)\)$/s.exec(variable?.query ?? '');
    const values = await query(
      stack.prometheus.url,
      `count by (${match?.[2]}) (${substitute(match?.[1] ?? '', dashboard ? variableDefaults(dashboard) : {}, INTERVALS)})`,
    );
    expect(values.map((s) => s.metric.service).sort()).toEqual([
      'grafana',
      'langfuse',
      'llm-api',
      'postgresql',
      'tradingagents',
    ]);
  }, 90_000);

  it("reports the Langfuse certificate's expiry and delivers CertificateExpiring (warning only)", async () => {
    const notAfter = Date.parse(new X509Certificate(readFileSync(certFile)).validTo) / 1000;
    const [expiry] = await query(stack.prometheus.url, 'probe_ssl_earliest_cert_expiry{service="langfuse"}');
    expect(Number(expiry?.value[1])).toBe(notAfter);
    const message = await eventually(
      'CertificateExpiring at the webhook',
      async () => firing('CertificateExpiring', { service: 'langfuse' }),
      30_000,
    );
    expect(message.receiver).toBe('warning');
    const alert = message.alerts.find((a) => a.labels.alertname === 'CertificateExpiring');
    expect(alert?.labels).toMatchObject({ severity: 'warning', job: 'blackbox', module: 'http_2xx' });
    expect(alert?.annotations.summary).toBe('The TLS certificate of langfuse expires in less than 14 days');
    const critical = await query(
      stack.prometheus.url,
      'ALERTS{alertname="CertificateExpiring", severity="critical"}',
    );
    expect(critical).toEqual([]);
  }, 40_000);

  it('fires ServiceDown for Grafana once it stops, and only for Grafana', async () => {
    expect(firing('ServiceDown', {})).toBeUndefined();
    await services.grafana?.stop();
    const message = await eventually(
      'ServiceDown for grafana at the webhook',
      async () => firing('ServiceDown', { service: 'grafana' }),
      30_000,
    );
    expect(message.receiver).toBe('critical');
    const alert = message.alerts.find((a) => a.labels.alertname === 'ServiceDown');
    expect(alert?.labels).toMatchObject({
      severity: 'critical',
      layer: 'infra',
      instance: services.grafana?.url,
      module: 'http_2xx',
    });
    const down = await query(stack.prometheus.url, 'probe_success{job="blackbox"} == 0');
    expect(down.map((s) => s.metric.service)).toEqual(['grafana']);
  }, 40_000);
});
