/**
 * Sets up one variant the way its documentation says, before the provider SDK is loaded. Each runs
 * in its own process: OTel globals and require-hook patches cannot be undone. Every peer exports
 * through Langfuse's own span processor (`@langfuse/otel` `LangfuseSpanProcessor`, batched) on a
 * `NodeSDK`, as Langfuse's integration docs set them up.
 */
import type { WorkerConfig } from './protocol.js';

export interface VariantSetup {
  /** Wraps the SDK client (only `@langfuse/openai` needs this). */
  wrap<T extends object>(client: T): T;
  /** Exports everything pending, so that the window includes the export cost. */
  flush(): Promise<void>;
  /** Ours: `tradingagents_llm_requests_total` as scraped from `/metrics`. */
  countLlmRequests?(): Promise<number>;
}

const same = <T,>(client: T): T => client;

export function setUpVariant(config: WorkerConfig): VariantSetup {
  switch (config.variant) {
    case 'baseline':
      // The Agents SDK traces its runs itself unless told not to; "no telemetry" turns that off too.
      if (config.framework === 'openai-agents')
        (require('@openai/agents') as typeof import('@openai/agents')).setTracingDisabled(true);
      return { wrap: same, flush: async () => {} };
    case 'ours':
      return setUpOurs(config);
    case 'langfuse-openai':
      return setUpLangfuseOpenAI(config);
    case 'traceloop-openai': {
      const { OpenAIInstrumentation } =
        require('@traceloop/instrumentation-openai') as typeof import('@traceloop/instrumentation-openai');
      return startLangfuseSdk(config, new OpenAIInstrumentation());
    }
    case 'openinference-openai': {
      const { OpenAIInstrumentation } =
        require('@arizeai/openinference-instrumentation-openai') as typeof import('@arizeai/openinference-instrumentation-openai');
      return startLangfuseSdk(
        config,
        new OpenAIInstrumentation(),
        '@arizeai/openinference-instrumentation-openai',
      );
    }
    case 'traceloop-anthropic': {
      const { AnthropicInstrumentation } =
        require('@traceloop/instrumentation-anthropic') as typeof import('@traceloop/instrumentation-anthropic');
      return startLangfuseSdk(config, new AnthropicInstrumentation());
    }
    case 'openinference-anthropic': {
      const { AnthropicInstrumentation } =
        require('@arizeai/openinference-instrumentation-anthropic') as typeof import('@arizeai/openinference-instrumentation-anthropic');
      return startLangfuseSdk(
        config,
        new AnthropicInstrumentation(),
        '@arizeai/openinference-instrumentation-anthropic',
      );
    }
    case 'langfuse-ai-sdk':
      return startLangfuseSdk(config, undefined);
    case 'ai-sdk-otel':
      return setUpAiSdkOtel(config);
    case 'openinference-openai-agents': {
      // Its default (exclusive) mode replaces the SDK's own trace processors with the OpenInference one.
      const { OpenAIAgentsInstrumentation } =
        require('@arizeai/openinference-instrumentation-openai-agents') as typeof import('@arizeai/openinference-instrumentation-openai-agents');
      return startLangfuseSdk(
        config,
        new OpenAIAgentsInstrumentation(),
        '@arizeai/openinference-instrumentation-openai-agents',
      );
    }
  }
}

/** Ours: one call, metrics on (a `/metrics` server on a free port); the SDK is instrumented automatically. */
function setUpOurs(config: WorkerConfig): VariantSetup {
  const { registerTradingAgentsTelemetry } =
    require('@tradingagents/telemetry') as typeof import('@tradingagents/telemetry');
  const { scrape, sumSamples } = require('@tradingagents/testkit') as typeof import('@tradingagents/testkit');
  const telemetry = registerTradingAgentsTelemetry({
    serviceName: 'bench',
    metrics: { port: 0 },
    handleSignals: false,
    langfuse: {
      publicKey: config.langfusePublicKey,
      secretKey: config.langfuseSecretKey,
      baseUrl: config.langfuseBaseUrl,
    },
  });
  return {
    wrap: same,
    flush: () => telemetry.forceFlush(),
    async countLlmRequests() {
      await telemetry.ready;
      if (telemetry.metricsUrl === undefined) return 0;
      return sumSamples(await scrape(telemetry.metricsUrl), 'tradingagents_llm_requests_total');
    },
  };
}

/**
 * Langfuse's processor. Its default filter keeps spans with `gen_ai.*` attributes or from known
 * instrumentation scopes; OpenInference JS's scopes (`@arizeai/openinference-…`) are not among them
 * and its OpenAI spans carry no `gen_ai.*`, so they would be dropped unexported: Langfuse's docs
 * say to widen `shouldExportSpan` for such instrumentations, which `alsoExportScope` does.
 */
function langfuseProcessor(config: WorkerConfig, alsoExportScope?: string) {
  const { LangfuseSpanProcessor, isDefaultExportSpan } =
    require('@langfuse/otel') as typeof import('@langfuse/otel');
  return new LangfuseSpanProcessor({
    publicKey: config.langfusePublicKey,
    secretKey: config.langfuseSecretKey,
    baseUrl: config.langfuseBaseUrl,
    ...(alsoExportScope === undefined
      ? {}
      : {
          shouldExportSpan: ({ otelSpan }) =>
            isDefaultExportSpan(otelSpan) || otelSpan.instrumentationScope.name === alsoExportScope,
        }),
  });
}

type SdkInstrumentation = NonNullable<
  NonNullable<ConstructorParameters<typeof import('@opentelemetry/sdk-node').NodeSDK>[0]>['instrumentations']
>[number];

/** A NodeSDK with one instrumentation and `LangfuseSpanProcessor`. */
function startLangfuseSdk(
  config: WorkerConfig,
  instrumentation: unknown,
  alsoExportScope?: string,
): VariantSetup {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const processor = langfuseProcessor(config, alsoExportScope);
  new NodeSDK({
    spanProcessors: [processor],
    // Peers' .d.ts are written against older @opentelemetry/instrumentation lines (0.46, 0.203)
    // whose types differ from the SDK's 0.223 (not their runtime API), so the type is asserted.
    instrumentations: instrumentation === undefined ? [] : [instrumentation as SdkInstrumentation],
    autoDetectResources: false,
  }).start();
  return { wrap: same, flush: () => processor.forceFlush() };
}

/** `@langfuse/openai`: `observeOpenAI(client)`, spans through a NodeSDK with `LangfuseSpanProcessor`. */
function setUpLangfuseOpenAI(config: WorkerConfig): VariantSetup {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { observeOpenAI } = require('@langfuse/openai') as typeof import('@langfuse/openai');
  const processor = langfuseProcessor(config);
  new NodeSDK({ spanProcessors: [processor], autoDetectResources: false }).start();
  return { wrap: (client) => observeOpenAI(client), flush: () => processor.forceFlush() };
}

/**
 * The AI SDK's own telemetry: `ai` 7 emits OpenTelemetry spans through `@ai-sdk/otel`'s integration,
 * registered once (`registerTelemetry(new OpenTelemetry())`), on a NodeSDK with `LangfuseSpanProcessor`.
 */
function setUpAiSdkOtel(config: WorkerConfig): VariantSetup {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { registerTelemetry } = require('ai') as typeof import('ai');
  const { OpenTelemetry } = require('@ai-sdk/otel') as typeof import('@ai-sdk/otel');
  const processor = langfuseProcessor(config);
  new NodeSDK({ spanProcessors: [processor], autoDetectResources: false }).start();
  registerTelemetry(new OpenTelemetry());
  return { wrap: same, flush: () => processor.forceFlush() };
}
