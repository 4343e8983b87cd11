import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireBinary } from '../stack/binaries.js';
import { renderStack } from '../stack/render.js';
import { exec, output } from './support/exec.js';

const root = mkdtempSync(join(tmpdir(), 'monitoring-render-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ports = { prometheus: 19090, alertmanager: 19093, nodeExporter: 19100, postgresExporter: 19187 };

describe('loopback rendering of the stack (pnpm monitoring:up)', () => {
  const dir = join(root, 'default');
  const rendered = renderStack({ dir, ports });

  it('keeps prometheus.yml as committed and points file_sd targets at 127.0.0.1', async () => {
    expect(readFileSync(rendered.prometheusConfig, 'utf8')).toBe(
      readFileSync(new URL('../prometheus/prometheus.yml', import.meta.url), 'utf8'),
    );
    const node = JSON.parse(readFileSync(join(dir, 'prometheus/sd/node.json'), 'utf8'));
    expect(node).toEqual([{ targets: ['127.0.0.1:19100'] }]);
    const bridge = JSON.parse(readFileSync(join(dir, 'prometheus/sd/langfuse-exporter.json'), 'utf8'));
    expect(bridge).toEqual([{ targets: ['127.0.0.1:9465'] }]);
    const app = JSON.parse(readFileSync(join(dir, 'prometheus/targets/tradingagents.json'), 'utf8'));
    expect(app).toEqual([{ targets: ['127.0.0.1:9464'] }]);
    // Probes go through the loopback blackbox exporter to loopback services; Grafana is Docker only.
    expect(readdirSync(join(dir, 'prometheus/probes')).sort()).toEqual([
      'app.json',
      'langfuse.json',
      'llm.json',
      'postgres.json',
    ]);
    const probe = JSON.parse(readFileSync(join(dir, 'prometheus/probes/app.json'), 'utf8'));
    expect(probe).toEqual([
      {
        targets: ['127.0.0.1:9115'],
        labels: {
          service: 'tradingagents',
          __param_module: 'http_2xx',
          __param_target: 'http://127.0.0.1:9464/metrics',
        },
      },
    ]);
    expect(readFileSync(join(dir, 'prometheus/sd/cadvisor.json'), 'utf8')).toBe('[]\n');
    const result = await exec(requireBinary('promtool'), ['check', 'config', rendered.prometheusConfig]);
    expect(result.code, output(result)).toBe(0);
  });

  it('renders a valid Alertmanager config that only posts to the loopback webhook without secrets', async () => {
    const result = await exec(requireBinary('amtool'), ['check-config', rendered.alertmanagerConfig]);
    expect(result.code, output(result)).toBe(0);
    const text = readFileSync(rendered.alertmanagerConfig, 'utf8');
    expect(text).not.toMatch(/slack_configs|email_configs|host\.docker\.internal|\/etc\/alertmanager/);
    expect(text).toContain('http://127.0.0.1:5001/alertmanager');
    expect(rendered.disabledIntegrations).toEqual([
      'warning/slack_configs',
      'critical/slack_configs',
      'critical/email_configs',
    ]);
  });

  it('keeps Slack and email when their secret files exist', async () => {
    const secretsDir = join(root, 'secrets');
    renderStack({ dir: join(root, 'unused'), ports, secretsDir });
    writeFileSync(join(secretsDir, 'slack_api_url'), 'http://127.0.0.1:1/slack\n');
    writeFileSync(join(secretsDir, 'smtp_password'), 'x\n');
    const withSecrets = renderStack({ dir: join(root, 'with-secrets'), ports, secretsDir });
    const config = parse(readFileSync(withSecrets.alertmanagerConfig, 'utf8')) as {
      global: Record<string, string>;
      receivers: { name: string; slack_configs?: unknown[]; email_configs?: unknown[] }[];
    };
    expect(withSecrets.disabledIntegrations).toEqual([]);
    expect(config.global.slack_api_url_file).toBe(join(secretsDir, 'slack_api_url'));
    expect(config.global.smtp_auth_password_file).toBe(join(secretsDir, 'smtp_password'));
    expect(config.receivers.find((r) => r.name === 'critical')?.email_configs).toHaveLength(1);
    const result = await exec(requireBinary('amtool'), ['check-config', withSecrets.alertmanagerConfig]);
    expect(result.code, output(result)).toBe(0);
  });

  it('lets tests shorten intervals, alert durations and notification waits', async () => {
    const fast = renderStack({
      dir: join(root, 'fast'),
      ports,
      interval: '1s',
      alertFor: '0s',
      groupWait: '1s',
      webhookUrl: 'http://127.0.0.1:1/hook',
      appTargets: ['127.0.0.1:1234'],
    });
    const prometheus = parse(readFileSync(fast.prometheusConfig, 'utf8')) as {
      global: Record<string, string>;
    };
    expect(prometheus.global.scrape_interval).toBe('1s');
    const alerts = readFileSync(join(root, 'fast/prometheus/rules/alerts.yml'), 'utf8');
    expect(alerts).toMatch(/for: 0s/);
    expect(alerts).not.toMatch(/for: (?!0s)/);
    expect(readFileSync(fast.alertmanagerConfig, 'utf8')).toContain('http://127.0.0.1:1/hook');
    const result = await exec(requireBinary('promtool'), ['check', 'config', fast.prometheusConfig]);
    expect(result.code, output(result)).toBe(0);
  });
});
