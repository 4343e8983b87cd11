import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireBinary } from '../stack/binaries.js';
import { exec, output } from './support/exec.js';
import { ALERTMANAGER_DIR } from './support/paths.js';

const CONFIG = 'alertmanager.yml';
const config = parse(readFileSync(join(ALERTMANAGER_DIR, CONFIG), 'utf8')) as {
  global: Record<string, unknown>;
  receivers: Record<string, unknown>[];
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
};

/** The receiver amtool routes a label set to. */
async function routeOf(labels: readonly string[]): Promise<string> {
  const result = await exec(
    requireBinary('amtool'),
    ['config', 'routes', 'test', `--config.file=${CONFIG}`, ...labels],
    { cwd: ALERTMANAGER_DIR },
  );
  expect(result.code, output(result)).toBe(0);
  return result.stdout.trim();
}

/** Every key anywhere in a parsed YAML value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  }
  return [];
}

describe('Alertmanager config', () => {
  it('amtool check-config passes (config and templates)', async () => {
    const result = await exec(requireBinary('amtool'), ['check-config', CONFIG], { cwd: ALERTMANAGER_DIR });
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain('1 templates');
  });

  it('routes by severity', async () => {
    expect(await routeOf(['alertname=HighErrorRate', 'severity=critical'])).toBe('critical');
    expect(await routeOf(['alertname=HighErrorRate', 'severity=warning'])).toBe('warning');
    expect(await routeOf(['alertname=Other', 'severity=info'])).toBe('webhook');
    expect(await routeOf(['alertname=Other'])).toBe('webhook');
  });

  it('every receiver sends to the webhook; Slack and email read their secrets from files', () => {
    for (const receiver of config.receivers) {
      expect(receiver.webhook_configs, String(receiver.name)).toBeDefined();
    }
    expect(config.global.slack_api_url_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(config.global.smtp_auth_password_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    const inline = [
      'slack_api_url',
      'api_url',
      'smtp_auth_password',
      'auth_password',
      'password',
      'credentials',
    ];
    expect(keysOf(config).filter((key) => inline.includes(key))).toEqual([]);
  });

  it('critical inhibits warning of the same alert and target; a down target inhibits its app alerts', () => {
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'job', 'instance'],
      },
      {
        source_matchers: ['alertname="TelemetryTargetDown"'],
        target_matchers: ['layer="app"'],
        equal: ['job', 'instance'],
      },
    ]);
  });
});
