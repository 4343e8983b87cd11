import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type LangfuseReceiverHandle,
  startLangfuseReceiver,
  startOtlpCollector,
} from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const APP = fileURLToPath(new URL('./fixtures/app.cjs', import.meta.url));

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [APP], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('as a child process', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function receiver(): Promise<LangfuseReceiverHandle> {
    const r = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
    closers.push(() => r.close());
    return r;
  }

  it('flushes every ended span on SIGTERM, then exits by the signal as it would have', async () => {
    const langfuse = await receiver();
    const result = await run({
      LANGFUSE_PUBLIC_KEY: 'pk',
      LANGFUSE_SECRET_KEY: 'sk',
      LANGFUSE_BASE_URL: langfuse.baseUrl,
      ANALYSES: '50',
      KILL_AFTER: '20',
    });
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).not.toContain('DONE');
    const ended = Math.max(0, ...[...result.stdout.matchAll(/ENDED (\d+)/g)].map((m) => Number(m[1])));
    expect(ended).toBeGreaterThanOrEqual(20 * 3);
    // Batched export (5 s delay by default) would still hold these spans: the signal flushed them.
    expect(langfuse.spans.filter((s) => s.scope.name === '@tradingagents/telemetry')).toHaveLength(ended);
  });

  it('sends HTTP spans of a standard instrumentation to OTLP but not to Langfuse', async () => {
    const langfuse = await receiver();
    const collector = await startOtlpCollector();
    closers.push(() => collector.close());
    const result = await run({
      LANGFUSE_PUBLIC_KEY: 'pk',
      LANGFUSE_SECRET_KEY: 'sk',
      LANGFUSE_BASE_URL: langfuse.baseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpUrl,
      TARGET_URL: `${collector.httpUrl}/ping`,
      ANALYSES: '2',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DONE');
    // No protocol set: the spec's default, http/protobuf, for both signals.
    expect(new Set(collector.batches.map((b) => `${b.signal} ${b.transport}`))).toEqual(
      new Set(['traces http/protobuf', 'metrics http/protobuf']),
    );
    const otlpSpans = collector.batches.flatMap((b) => b.spans);
    expect(otlpSpans.some((s) => s.scope.name === '@opentelemetry/instrumentation-http')).toBe(true);
    expect(otlpSpans.some((s) => s.name === 'invoke_agent market_analyst')).toBe(true);
    const otlpMetrics = collector.batches.flatMap((b) => b.metrics).map((m) => m.name);
    expect(otlpMetrics).toContain('tradingagents_llm_cost_usd');
    expect(langfuse.spans.some((s) => s.scope.name.includes('instrumentation-http'))).toBe(false);
    expect(langfuse.spans.some((s) => s.name === 'invoke_agent market_analyst')).toBe(true);
  });

  it('binds no port with OTEL_SDK_DISABLED and the app still runs', async () => {
    const result = await run({ OTEL_SDK_DISABLED: 'true', ANALYSES: '2' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DONE');
    expect(result.stdout).not.toContain('ENDED');
  });
});
