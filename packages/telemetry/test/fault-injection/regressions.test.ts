import {
  captureDiag,
  type LangfuseReceiverHandle,
  parsePrometheusText,
  startLangfuseReceiver,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/catalogue.js';
import {
  registerTradingAgentsTelemetry,
  type TelemetryHandle,
  trackAnalysis,
  trackLlmCall,
} from '../../src/index.js';
import { startAnalysis } from '../../src/instrumentation-api.js';

// Deterministic reproductions of what the fuzz found (each failed before its fix in src).
describe('fuzz findings, pinned', () => {
  let receiver: LangfuseReceiverHandle;
  let handle: TelemetryHandle;
  let logs: ReturnType<typeof captureDiag>;

  beforeAll(async () => {
    receiver = await startLangfuseReceiver({ publicKey: 'pk', secretKey: 'sk' });
    logs = captureDiag();
    handle = registerTradingAgentsTelemetry({
      metrics: { port: 0 },
      handleSignals: false,
      diagLogger: false,
      langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: receiver.baseUrl },
    });
    await handle.ready;
  });
  afterAll(async () => {
    await handle?.shutdown();
    await receiver?.close();
    logs?.restore();
  });

  const scrapeText = async () => {
    const response = await fetch(handle.metricsUrl as string, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('returns a value whose `then` cannot be read (revoked Proxy, throwing getter) unchanged (track.ts)', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(trackAnalysis({ ticker: 'NVDA' }, () => revocable.proxy)).toBe(revocable.proxy);
    const hostile = Object.defineProperty({}, 'then', {
      get() {
        throw new Error('then getter');
      },
    });
    expect(trackAnalysis({ ticker: 'NVDA' }, () => hostile)).toBe(hostile);
  });

  it('keeps /metrics serving, and the provider/operation labels bounded and clean (recorder.ts)', async () => {
    const odd = [Symbol('provider'), () => 'fn', 10n, { nested: true }, 'ctl\u0000\n', 'x'.repeat(500)];
    for (const provider of odd) trackLlmCall({ model: 'gpt-4o-mini', provider: provider as never }, () => 1);
    for (let i = 0; i < 100; i++)
      trackLlmCall({ model: 'gpt-4o-mini', provider: `p${i}`, operation: `op${i}` as never }, () => 1);
    const families = parsePrometheusText(await scrapeText());
    const samples = families.find(
      (f) => f.name === `${METRICS.genAiOperationDuration.prometheusName}`,
    )?.samples;
    const providers = new Set(samples?.map((s) => s.labels.gen_ai_provider_name));
    const operations = new Set(samples?.map((s) => s.labels.gen_ai_operation_name));
    expect(providers.size).toBeLessThanOrEqual(21);
    expect(operations.size).toBeLessThanOrEqual(21);
    for (const v of [...providers, ...operations]) expect(v.length).toBeLessThanOrEqual(128);
  });

  it('ends the span and the active-analyses gauge when the app throws an unreadable value (scopes/span-status.ts)', async () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const before = receiver.spans.length;
    let caught: unknown;
    try {
      trackAnalysis({ ticker: 'THROWS' }, () => {
        throw revocable.proxy;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(revocable.proxy);
    await handle.forceFlush();
    expect(
      receiver.spans.slice(before).some((s) => s.name === 'analysis THROWS' && s.status.code === 2),
    ).toBe(true);
    const families = parsePrometheusText(await scrapeText());
    expect(families.find((f) => f.name === METRICS.activeAnalyses.prometheusName)?.samples[0]?.value).toBe(0);
  });

  it('does not lose a batch to a non-string span name or an unusable start time (scopes/span-status.ts)', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const before = receiver.spans.length;
    trackAnalysis({ ticker: 'OK1' }, () => 1);
    trackAnalysis({ ticker: 'CIRC', name: circular as never }, () =>
      trackLlmCall({ model: 'gpt-4o-mini', name: 10n as never }, () => 1),
    );
    for (const startTime of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1e300]) {
      startAnalysis({ ticker: 'TIME' }, { startTime }).end();
    }
    await handle.forceFlush();
    const names = receiver.spans.slice(before).map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['analysis OK1', 'analysis CIRC', 'chat gpt-4o-mini', 'analysis TIME']),
    );
    expect(names.filter((n) => n === 'analysis TIME')).toHaveLength(4);
    expect(receiver.requests.every((r) => r.status === 200)).toBe(true);
  });
});
