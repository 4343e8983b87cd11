/** `pnpm monitoring:up` / `pnpm monitoring:down` for real, on free ports and a temporary state dir. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exec, output } from './support/exec.js';
import { REPO_ROOT } from './support/paths.js';
import { freePort, tempDir } from './support/servers.js';

const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const state = tempDir('monitoring-state');
let env: NodeJS.ProcessEnv = {};

const run = (script: string, extra: NodeJS.ProcessEnv = {}) =>
  exec(process.execPath, [TSX, join(REPO_ROOT, 'scripts', script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, ...extra },
    timeoutMs: 60_000,
  });

afterAll(async () => {
  await run('monitoring-down.ts');
  state.cleanup();
});

describe('pnpm monitoring:up / monitoring:down', () => {
  it('names the Debian packages to install when binaries are missing', async () => {
    const result = await run('monitoring-up.ts', { PATH: '/nonexistent', MONITORING_STATE_DIR: state.path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'apt-get install -y prometheus prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter prometheus-blackbox-exporter',
    );
  });

  it('starts the stack detached on loopback, prints the URLs, and stops it', async () => {
    env = {
      MONITORING_STATE_DIR: state.path,
      MONITORING_PROMETHEUS_PORT: String(await freePort()),
      MONITORING_ALERTMANAGER_PORT: String(await freePort()),
      MONITORING_NODE_EXPORTER_PORT: String(await freePort()),
      MONITORING_POSTGRES_EXPORTER_PORT: String(await freePort()),
      MONITORING_BLACKBOX_EXPORTER_PORT: String(await freePort()),
      MONITORING_APP_TARGETS: `127.0.0.1:${await freePort()}`,
      POSTGRES_EXPORTER_DSN: `postgresql://postgres@127.0.0.1:${await freePort()}/postgres?sslmode=disable`,
    };
    const up = await run('monitoring-up.ts');
    expect(up.code, output(up)).toBe(0);
    const prometheus = `http://127.0.0.1:${env.MONITORING_PROMETHEUS_PORT}`;
    expect(up.stdout).toContain(prometheus);
    expect(readdirSync(join(state.path, 'pids')).sort()).toEqual([
      'alertmanager.json',
      'blackbox-exporter.json',
      'node-exporter.json',
      'postgres-exporter.json',
      'prometheus.json',
    ]);
    expect(existsSync(join(state.path, '.gitignore'))).toBe(true);
    expect((await fetch(`${prometheus}/-/ready`)).status).toBe(200);

    const again = await run('monitoring-up.ts');
    expect(again.stdout).toContain('prometheus already runs');

    const down = await run('monitoring-down.ts');
    expect(down.code, output(down)).toBe(0);
    expect(down.stdout).toContain('prometheus: stopped');
    expect(readdirSync(join(state.path, 'pids'))).toEqual([]);
    await expect(fetch(`${prometheus}/-/ready`)).rejects.toThrow();
  }, 90_000);
});
