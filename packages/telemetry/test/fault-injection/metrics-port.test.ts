import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startChild } from './support/child.js';

const APP = fileURLToPath(new URL('./fixtures/port-app.cjs', import.meta.url));

describe('metrics port already in use (child process)', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  it('the app prints the same results and exits 0; stderr names the port and OTEL_EXPORTER_PROMETHEUS_PORT', async () => {
    blocker = createServer((_req, res) => res.end('someone else'));
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as AddressInfo).port);

    const [withoutTelemetry, withTelemetry] = await Promise.all([
      startChild(APP, { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_PROMETHEUS_PORT: port }).done,
      startChild(APP, { OTEL_EXPORTER_PROMETHEUS_PORT: port }).done,
    ]);
    expect(withoutTelemetry.code).toBe(0);
    const results = /^RESULTS (.*)$/m.exec(withoutTelemetry.stdout)?.[1];
    expect(results).toBe('["NVDA:BUY","AAPL:BUY","MSFT:BUY"]');

    expect(withTelemetry.code).toBe(0);
    expect(withTelemetry.signal).toBeNull();
    expect(/^RESULTS (.*)$/m.exec(withTelemetry.stdout)?.[1]).toBe(results);
    expect(withTelemetry.stderr).toContain(`port ${port}`);
    expect(withTelemetry.stderr).toContain('OTEL_EXPORTER_PROMETHEUS_PORT');
    expect(withTelemetry.stderr).toContain('The process keeps running without it');
    // Only the diag message: no stack trace, no unhandled rejection.
    expect(withTelemetry.stderr).not.toMatch(/EADDRINUSE.*\n\s+at |Unhandled|uncaught/i);
    console.log(`[fault-injection] port ${port} in use, stderr of the app:\n${withTelemetry.stderr.trim()}`);
    // The port still belongs to its owner.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('someone else');
  });
});
