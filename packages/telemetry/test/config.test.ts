import { captureDiag } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig, TelemetryConfigError } from '../src/config.js';

describe('resolveConfig', () => {
  let logs: ReturnType<typeof captureDiag> | undefined;
  afterEach(() => logs?.restore());

  it('uses defaults with an empty env', () => {
    const config = resolveConfig({}, {});
    expect(config.serviceName).toBe('tradingagents');
    expect(config.metrics).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 9464,
      endpoint: '/metrics',
      server: 'listen',
    });
    expect(config.langfuse.enabled).toBe(false);
    expect(config.content.capture).toBe(false);
    expect(config.cardinality.maxTickers).toBe(DEFAULTS.maxTickers);
    expect(config.otlp).toBe(false);
    expect(config.handleSignals).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.metrics)).toBe(true);
  });

  it('prefers options over env over defaults', () => {
    const env = {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_EXPORTER_PROMETHEUS_PORT: '9999',
      OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
      TRADINGAGENTS_MAX_TICKERS: '10',
    };
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv.serviceName).toBe('from-env');
    expect(fromEnv.metrics.port).toBe(9999);
    expect(fromEnv.metrics.host).toBe('0.0.0.0');
    expect(fromEnv.cardinality.maxTickers).toBe(10);
    const fromOptions = resolveConfig(
      { serviceName: 'opt', metrics: { port: 0 }, cardinality: { maxTickers: 3 } },
      env,
    );
    expect(fromOptions.serviceName).toBe('opt');
    expect(fromOptions.metrics.port).toBe(0);
    expect(fromOptions.cardinality.maxTickers).toBe(3);
  });

  it('treats 0 and false options as set, not as missing', () => {
    const config = resolveConfig(
      { metrics: { port: 0, enabled: false }, handleSignals: false },
      { OTEL_EXPORTER_PROMETHEUS_PORT: '1234', TRADINGAGENTS_HANDLE_SIGNALS: 'true' },
    );
    expect(config.metrics.port).toBe(0);
    expect(config.metrics.enabled).toBe(false);
    expect(config.handleSignals).toBe(false);
  });

  it('turns Langfuse on only with both keys', () => {
    expect(resolveConfig({}, { LANGFUSE_PUBLIC_KEY: 'pk' }).langfuse.enabled).toBe(false);
    const on = resolveConfig(
      {},
      { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk', LANGFUSE_BASE_URL: 'http://x:3000/' },
    );
    expect(on.langfuse.enabled).toBe(true);
    expect(on.langfuse.baseUrl).toBe('http://x:3000');
    expect(
      resolveConfig(
        { langfuse: { enabled: false } },
        { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk' },
      ).langfuse.enabled,
    ).toBe(false);
  });

  it('reads content capture from our variable, then the GenAI semconv one', () => {
    expect(
      resolveConfig({}, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }).content.capture,
    ).toBe(true);
    expect(
      resolveConfig(
        {},
        {
          OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
          TRADINGAGENTS_CAPTURE_CONTENT: 'false',
        },
      ).content.capture,
    ).toBe(false);
  });

  it.each([
    [{ metrics: { port: 70000 } }, 'metrics.port'],
    [{ metrics: { port: 1.5 } }, 'metrics.port'],
    [{ metrics: { port: '9464' } }, 'metrics.port'],
    [{ metrics: { host: '' } }, 'metrics.host'],
    [{ metrics: { endpoint: 'metrics' } }, 'metrics.endpoint'],
    [{ metrics: { server: 'both' } }, 'metrics.server'],
    [{ cardinality: { maxTickers: 0 } }, 'cardinality.maxTickers'],
    [{ cardinality: { maxModels: Number.NaN } }, 'cardinality.maxModels'],
    [{ langfuse: { baseUrl: 'not a url' } }, 'langfuse.baseUrl'],
    [{ langfuse: { enabled: true } }, 'langfuse.enabled'],
    [{ langfuse: { timeoutSeconds: -1 } }, 'langfuse.timeoutSeconds'],
    [{ content: { mask: 'x' } }, 'content.mask'],
    [{ content: { capture: 'yes' } }, 'content.capture'],
    [{ prices: { 'my-model': { input: -1, output: 1 } } }, 'prices.my-model'],
    [{ handleSignals: 1 }, 'handleSignals'],
  ])('fails fast on explicit invalid option %j', (options, name) => {
    expect(() => resolveConfig(options as never, {})).toThrow(TelemetryConfigError);
    expect(() => resolveConfig(options as never, {})).toThrow(name);
  });

  it('warns about invalid env values and falls back to defaults', () => {
    logs = captureDiag();
    const config = resolveConfig(
      {},
      {
        OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety',
        TRADINGAGENTS_MAX_TICKERS: '-5',
        OTEL_SDK_DISABLED: 'maybe',
        TRADINGAGENTS_METRICS_SERVER: 'both',
        LANGFUSE_BASE_URL: 'nope',
      },
    );
    expect(config.metrics.port).toBe(9464);
    expect(config.cardinality.maxTickers).toBe(250);
    expect(config.disabled).toBe(false);
    expect(config.metrics.server).toBe('listen');
    expect(config.langfuse.baseUrl).toBe('https://cloud.langfuse.com');
    const text = logs.text();
    for (const key of [
      'OTEL_EXPORTER_PROMETHEUS_PORT',
      'TRADINGAGENTS_MAX_TICKERS',
      'OTEL_SDK_DISABLED',
      'TRADINGAGENTS_METRICS_SERVER',
      'LANGFUSE_BASE_URL',
    ]) {
      expect(text).toContain(key);
    }
  });

  it('turns OTLP on when an OTLP endpoint is set', () => {
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).otlp).toBe(true);
    expect(
      resolveConfig({ otlp: false }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).otlp,
    ).toBe(false);
  });

  it('picks the OTLP protocol per signal: option, then the signal env var, then the general one, then http/protobuf', () => {
    expect(resolveConfig({}, {}).otlpProtocol).toEqual({ traces: 'http/protobuf', metrics: 'http/protobuf' });
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'GRPC' }).otlpProtocol).toEqual({
      traces: 'grpc',
      metrics: 'grpc',
    });
    const env = {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
    };
    expect(resolveConfig({}, env).otlpProtocol).toEqual({ traces: 'grpc', metrics: 'http/json' });
    expect(resolveConfig({ otlpProtocol: { traces: 'http/protobuf' } }, env).otlpProtocol).toEqual({
      traces: 'http/protobuf',
      metrics: 'http/json',
    });
  });

  it('warns once about an invalid OTLP protocol in env and uses the next source', () => {
    logs = captureDiag();
    const config = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http' },
    );
    expect(config.otlpProtocol).toEqual({ traces: 'http/protobuf', metrics: 'http/protobuf' });
    const warnings = logs.messages.filter((m) => m.includes('_PROTOCOL'));
    expect(warnings).toHaveLength(2);
    expect(warnings.filter((m) => m.includes('OTEL_EXPORTER_OTLP_PROTOCOL="thrift"'))).toHaveLength(1);
    expect(warnings.filter((m) => m.includes('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL="http"'))).toHaveLength(1);
  });

  it('throws for an invalid OTLP protocol option', () => {
    expect(() => resolveConfig({ otlpProtocol: { metrics: 'grpc+tls' as never } }, {})).toThrow(
      TelemetryConfigError,
    );
  });
});
