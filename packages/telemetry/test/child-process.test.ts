import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type LangfuseReceiverHandle, startLangfuseReceiver } from '@tradingagents/testkit';
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

/** A stand-in OpenTelemetry Collector: records OTLP/HTTP JSON posts by path. */
async function startCollector(): Promise<{ server: Server; url: string; bodies: Map<string, unknown[]> }> {
  const bodies = new Map<string, unknown[]>();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const list = bodies.get(req.url ?? '') ?? [];
      list.push(raw.length > 0 ? JSON.parse(raw.toString('utf8')) : null);
      bodies.set(req.url ?? '', list);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
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
    const collector = await startCollector();
    closers.push(() => new Promise((resolve) => collector.server.close(() => resolve())));
    const result = await run({
      LANGFUSE_PUBLIC_KEY: 'pk',
      LANGFUSE_SECRET_KEY: 'sk',
      LANGFUSE_BASE_URL: langfuse.baseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      TARGET_URL: `${collector.url}/ping`,
      ANALYSES: '2',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DONE');
    const otlpSpans = JSON.stringify(collector.bodies.get('/v1/traces') ?? []);
    expect(otlpSpans).toContain('@opentelemetry/instrumentation-http');
    expect(otlpSpans).toContain('invoke_agent market_analyst');
    const otlpMetrics = JSON.stringify(collector.bodies.get('/v1/metrics') ?? []);
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
