import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureDiag } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { withExporterConfigTable } from '../scripts/config-docs.js';
import { EXPORTER_DEFAULTS, LangfuseExporterConfigError, resolveExporterConfig } from '../src/config.js';
import { EXPORTER_ENV_KEYS } from '../src/env.js';
import { EXPORTER_METRIC_CATALOGUE, VERSION } from '../src/index.js';

const KEYS = { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk' };
const PACKAGE = join(import.meta.dirname, '..');

describe('resolveExporterConfig: option > env > default', () => {
  let diag: ReturnType<typeof captureDiag> | undefined;
  afterEach(() => diag?.restore());

  it('uses the documented defaults', () => {
    const config = resolveExporterConfig({}, KEYS);
    expect(config).toMatchObject({ ...EXPORTER_DEFAULTS, environments: [], serveMetrics: true });
    expect(config.port).toBe(9465);
    expect(config.host).toBe('127.0.0.1');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads env, and an option wins over env', () => {
    const env = {
      ...KEYS,
      LANGFUSE_BASE_URL: 'https://langfuse.internal/',
      LANGFUSE_EXPORTER_PORT: '9999',
      LANGFUSE_EXPORTER_HOST: '0.0.0.0',
      LANGFUSE_EXPORTER_POLL_INTERVAL: '15m',
      LANGFUSE_EXPORTER_WINDOW: '24h',
      LANGFUSE_EXPORTER_QUERY_DELAY: '0',
      LANGFUSE_EXPORTER_TIMEOUT: '2.5s',
      LANGFUSE_EXPORTER_ENVIRONMENTS: 'production, staging',
      LANGFUSE_EXPORTER_DRIFT_THRESHOLD_PERCENT: '25',
    };
    const config = resolveExporterConfig({ port: 1234 }, env);
    expect(config).toMatchObject({
      baseUrl: 'https://langfuse.internal',
      port: 1234,
      host: '0.0.0.0',
      pollIntervalSeconds: 900,
      windowSeconds: 86_400,
      queryDelaySeconds: 0,
      timeoutSeconds: 2.5,
      environments: ['production', 'staging'],
      driftThresholdPercent: 25,
    });
  });

  it('throws for an explicitly passed invalid option, naming it', () => {
    expect(() => resolveExporterConfig({ pollIntervalSeconds: 5 }, KEYS)).toThrow(
      LangfuseExporterConfigError,
    );
    expect(() => resolveExporterConfig({ pollIntervalSeconds: 5 }, KEYS)).toThrow(
      /"pollIntervalSeconds" must be a number from 30/,
    );
    expect(() => resolveExporterConfig({ port: 70_000 }, KEYS)).toThrow(/"port"/);
    expect(() => resolveExporterConfig({ baseUrl: 'ftp://x' }, KEYS)).toThrow(/"baseUrl"/);
    expect(() => resolveExporterConfig({ environments: [''] }, KEYS)).toThrow(/"environments"/);
  });

  it('throws when the keys are missing, naming the env vars', () => {
    expect(() => resolveExporterConfig({}, {})).toThrow(/LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY/);
  });

  it('warns for an invalid env value and falls back to the default', () => {
    diag = captureDiag();
    const config = resolveExporterConfig(
      {},
      { ...KEYS, LANGFUSE_EXPORTER_POLL_INTERVAL: '5s', LANGFUSE_EXPORTER_PORT: 'x' },
    );
    expect(config.pollIntervalSeconds).toBe(300);
    expect(config.port).toBe(9465);
    expect(diag.text()).toMatch(
      /ignoring LANGFUSE_EXPORTER_POLL_INTERVAL="5s": expected a duration from 30s/,
    );
    expect(diag.text()).toMatch(/ignoring LANGFUSE_EXPORTER_PORT="x"/);
  });

  it('lifts a backoff cap below the base up to the base', () => {
    const config = resolveExporterConfig({ backoffBaseSeconds: 600, backoffMaxSeconds: 60 }, KEYS);
    expect(config.backoffMaxSeconds).toBe(600);
  });
});

describe('package docs and shape', () => {
  const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');

  it('the README configuration table lists every env var the exporter reads', () => {
    for (const key of EXPORTER_ENV_KEYS) expect(readme, key).toContain(`\`${key}\``);
  });

  it('the README configuration table is the one the config table renders (run `pnpm render-docs`)', () => {
    const cells = (text: string) =>
      text
        .split('\n')
        .map((line) =>
          line.startsWith('|') ? line.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---') : line,
        )
        .join('\n');
    expect(cells(readme)).toBe(cells(withExporterConfigTable(readme)));
  });

  it('the README metrics table lists every catalogue metric by its scraped name', () => {
    for (const def of EXPORTER_METRIC_CATALOGUE)
      expect(readme, def.prometheusName).toContain(`\`${def.prometheusName}\``);
  });

  it('VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
