import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These run the built package (`pnpm test` builds first), as an app would.
const APP = fileURLToPath(new URL('./fixtures/own-sdk.mjs', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report: { decision?: string; appSpans?: string[] };
}

function run(order: string, env: Record<string, string>, preload = false): Promise<Run> {
  return new Promise((resolve) => {
    const args = [...(preload ? ['--import', '@tradingagents/telemetry/register'] : []), APP];
    const child = spawn(process.execPath, args, {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env.PATH, ORDER: order, OTEL_EXPORTER_PROMETHEUS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, stdout, stderr, report: line ? JSON.parse(line) : {} });
    });
  });
}

const CASES = [
  { title: 'the app registered its own NodeSDK first', order: 'app-first', preload: false, appSdk: true },
  {
    title: 'the app starts its NodeSDK right after our plain call',
    order: 'ours-first',
    preload: false,
    appSdk: true,
  },
  {
    title: 'the app starts its NodeSDK under --import of our register entry',
    order: 'preloaded',
    preload: true,
    appSdk: true,
  },
  {
    title: 'the app has no SDK of its own (ours owns the globals)',
    order: 'alone',
    preload: false,
    appSdk: false,
  },
];

describe.each(CASES)('beside other tracers: $title; a run-once script', ({ order, preload, appSdk }) => {
  let langfuse: LangfuseReceiverHandle;
  let result: Run;
  let debug: Run;

  beforeAll(async () => {
    langfuse = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
    const env = { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk', LANGFUSE_BASE_URL: langfuse.baseUrl };
    result = await run(order, env, preload);
    debug = await run(order, { ...env, OTEL_LOG_LEVEL: 'debug' }, preload);
  });
  afterAll(async () => {
    await langfuse?.close();
  });

  it('runs the app unchanged, and it exits on its own', () => {
    expect(result.code).toBe(0);
    expect(result.report.decision).toBe('BUY');
  });

  it('prints no error line and no stack trace, at the default level and at OTEL_LOG_LEVEL=debug', () => {
    for (const { stderr } of [result, debug]) {
      expect(stderr).not.toMatch(/duplicate registration/i);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toMatch(/\bError\b/);
    }
    expect(debug.code).toBe(0);
  });

  it("keeps the app's own spans in the app's own exporter, and only those", () => {
    if (appSdk) expect(result.report.appSpans).toEqual(['app.request']);
    else expect(result.report.appSpans).toEqual([]);
  });

  it('delivers our spans to Langfuse before the process exits, without shutdown()', () => {
    // Two runs (default and debug level), each an analysis with one agent.
    const ours = langfuse.observations();
    expect(ours.filter((o) => o.name === 'analysis NVDA')).toHaveLength(2);
    expect(ours.filter((o) => o.type === 'agent')).toHaveLength(2);
    // Under the app's span, which Langfuse never gets: the analysis is the root of its Langfuse trace.
    for (const analysis of ours.filter((o) => o.name === 'analysis NVDA'))
      expect(analysis.parentObservationId ?? null).toBeNull();
    // The app's own span is not a GenAI span: Langfuse's export filter keeps it out either way.
    expect(ours.filter((o) => o.name === 'app.request')).toHaveLength(0);
  });
});
