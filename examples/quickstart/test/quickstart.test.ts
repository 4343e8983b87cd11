import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.mjs', import.meta.url));

describe('examples/quickstart', () => {
  it('runs offline with --once, prints each decision and the /metrics URL, and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [MAIN, '--once'], {
      env: { PATH: process.env.PATH, OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^NVDA: (BUY|SELL|HOLD)$/m);
    expect(stdout).toMatch(/^AAPL: (BUY|SELL|HOLD)$/m);
    expect(stdout).toMatch(/^MSFT: (BUY|SELL|HOLD)$/m);
    expect(stdout).toMatch(/^Metrics: http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
  });
});
