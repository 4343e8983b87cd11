/**
 * Sets up one variant the way its documentation says, before LangChain is loaded. Each runs in its
 * own process: OTel globals and require-hook patches cannot be undone.
 */
import type { RunnableConfig } from '@langchain/core/runnables';
import type { WorkerConfig } from './protocol.js';

export interface VariantSetup {
  /** Callbacks etc. to pass to `invoke` (only Langfuse's handler needs this). */
  readonly invokeConfig: RunnableConfig | undefined;
  /** Wraps one analysis (ours: `trackAnalysis`, for the analysis metrics and the root span). */
  analysis<T>(ticker: string, run: () => Promise<T>): Promise<T>;
  /** Exports everything pending, so the window includes the export cost. */
  flush(): Promise<void>;
}

const passThrough = <T,>(_ticker: string, run: () => Promise<T>) => run();

export function setUpVariant(config: WorkerConfig): VariantSetup {
  switch (config.variant) {
    case 'uninstrumented':
      return { invokeConfig: undefined, analysis: passThrough, flush: async () => {} };
    case 'noop-handler':
      return setUpNoopHandler(false);
    case 'noop-handler-await':
      return setUpNoopHandler(true);
    case 'ours':
      return setUpOurs(config);
    case 'langfuse-langchain':
      return setUpLangfuse(config);
    case 'openinference':
      return setUpOpenInference(config);
    case 'traceloop':
      return setUpTraceloop(config);
  }
}

/**
 * The floor of any callback-based instrumentation: a handler that receives every chain, model and
 * tool callback and does nothing with it, passed in invoke callbacks (inherited by every child run,
 * as a globally added handler is). `awaitHandlers` false is LangChain's default (callbacks queued in
 * the background); true runs them inline, as ours does.
 */
function setUpNoopHandler(awaitHandlers: boolean): VariantSetup {
  const { BaseCallbackHandler } =
    require('@langchain/core/callbacks/base') as typeof import('@langchain/core/callbacks/base');
  const { awaitAllCallbacks } =
    require('@langchain/core/callbacks/promises') as typeof import('@langchain/core/callbacks/promises');
  class NoopHandler extends BaseCallbackHandler {
    name = 'bench_noop';
    constructor() {
      super({ _awaitHandler: awaitHandlers });
    }
    // BaseCallbackHandler's copy() rebuilds from the instance and would lose `_awaitHandler`.
    override copy(): this {
      return this;
    }
    override handleChainStart(): void {}
    override handleChainEnd(): void {}
    override handleChainError(): void {}
    override handleChatModelStart(): void {}
    override handleLLMStart(): void {}
    override handleLLMNewToken(): void {}
    override handleLLMEnd(): void {}
    override handleLLMError(): void {}
    override handleToolStart(): void {}
    override handleToolEnd(): void {}
    override handleToolError(): void {}
  }
  return {
    invokeConfig: { callbacks: [new NoopHandler()] },
    analysis: passThrough,
    // Queued (background) callbacks belong to the window they were made in.
    flush: () => awaitAllCallbacks(),
  };
}

/** Ours: one call; `@tradingagents/instrumentation` is picked up automatically. */
function setUpOurs(config: WorkerConfig): VariantSetup {
  const { registerTradingAgentsTelemetry, trackAnalysis } =
    require('@tradingagents/telemetry') as typeof import('@tradingagents/telemetry');
  const telemetry = registerTradingAgentsTelemetry({
    serviceName: 'bench',
    metrics: { server: 'none' },
    handleSignals: false,
    langfuse: {
      publicKey: config.langfusePublicKey,
      secretKey: config.langfuseSecretKey,
      baseUrl: config.langfuseBaseUrl,
    },
  });
  return {
    invokeConfig: undefined,
    analysis: (ticker, run) => trackAnalysis({ ticker }, run),
    flush: () => telemetry.forceFlush(),
  };
}

/** `@langfuse/langchain`: a NodeSDK with `LangfuseSpanProcessor`, and a `CallbackHandler` per invoke. */
function setUpLangfuse(config: WorkerConfig): VariantSetup {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { LangfuseSpanProcessor } = require('@langfuse/otel') as typeof import('@langfuse/otel');
  const { CallbackHandler } = require('@langfuse/langchain') as typeof import('@langfuse/langchain');
  const processor = new LangfuseSpanProcessor({
    publicKey: config.langfusePublicKey,
    secretKey: config.langfuseSecretKey,
    baseUrl: config.langfuseBaseUrl,
  });
  new NodeSDK({ spanProcessors: [processor], autoDetectResources: false }).start();
  const handler = new CallbackHandler();
  return {
    invokeConfig: { callbacks: [handler] },
    analysis: passThrough,
    flush: () => processor.forceFlush(),
  };
}

type SdkInstrumentation = NonNullable<
  NonNullable<ConstructorParameters<typeof import('@opentelemetry/sdk-node').NodeSDK>[0]>['instrumentations']
>[number];

/** A NodeSDK with one instrumentation, spans through BatchSpanProcessor + OTLPTraceExporter to Langfuse's endpoint. */
function startOtlpSdk(config: WorkerConfig, instrumentation: unknown): VariantSetup {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const auth = Buffer.from(`${config.langfusePublicKey}:${config.langfuseSecretKey}`).toString('base64');
  const processor = new BatchSpanProcessor(
    new OTLPTraceExporter({
      url: `${config.langfuseBaseUrl}/api/public/otel/v1/traces`,
      headers: { Authorization: `Basic ${auth}` },
    }),
  );
  new NodeSDK({
    spanProcessors: [processor],
    // Peers' .d.ts are written against older @opentelemetry/instrumentation lines; the workspace
    // overrides run them on 0.223.0, whose types differ (not its runtime API), so the type is asserted.
    instrumentations: [instrumentation as SdkInstrumentation],
    autoDetectResources: false,
  }).start();
  return { invokeConfig: undefined, analysis: passThrough, flush: () => processor.forceFlush() };
}

/**
 * OpenLLMetry (Traceloop): its LangChain instrumentation, as `@traceloop/node-server-sdk` installs it,
 * on a plain NodeSDK with the same export path as OpenInference (its SDK would add a proto exporter
 * and its own resource detection, which would measure more than the instrumentation).
 */
function setUpTraceloop(config: WorkerConfig): VariantSetup {
  const { LangChainInstrumentation } =
    require('@traceloop/instrumentation-langchain') as typeof import('@traceloop/instrumentation-langchain');
  return startOtlpSdk(config, new LangChainInstrumentation());
}

/** OpenInference: its LangChain instrumentation, spans through BatchSpanProcessor + OTLPTraceExporter. */
function setUpOpenInference(config: WorkerConfig): VariantSetup {
  const { LangChainInstrumentation } =
    require('@arizeai/openinference-instrumentation-langchain') as typeof import('@arizeai/openinference-instrumentation-langchain');
  return startOtlpSdk(config, new LangChainInstrumentation());
}
