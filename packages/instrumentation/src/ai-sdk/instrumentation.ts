import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { log, safely } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { type AiSdkTelemetryIntegration, createIntegration } from './integration.js';
import { registerIntegration, registerTracer, unregisterIntegration, unregisterTracer } from './registry.js';
import { AiSdkSpanTracer } from './span-tracer.js';
import type { AiSdkInstrumentationConfig } from './types.js';

/**
 * `ai` versions we record. 7: its telemetry integration interface (`Telemetry`, read from
 * `globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`, a `callId` on every event). 5 and 6: their
 * `experimental_telemetry` spans, drawn from our tracer ({@link getAiSdkTracer}).
 */
export const SUPPORTED_AI_SDK_VERSIONS = ['>=5.0.0 <6', '>=6.0.0 <7', '>=7.0.0 <8'];

/**
 * Auto-instrumentation of the Vercel AI SDK (`ai` 7): `generateText`, `streamText`,
 * `generateObject`, `streamObject`, `embed`, `embedMany`, their tool executions and multi-step
 * loops (`stopWhen`, `ToolLoopAgent`). Nothing is patched: enabling it registers a telemetry
 * integration in the SDK's global list, the SDK's own interface for this, and the events it
 * receives become an agent (named by `telemetry.functionId`, else the enclosing `trackAgent`),
 * a generation per model call and per embedding call, and a tool observation per tool execution.
 *
 * @example
 * ```ts
 * registerTradingAgentsTelemetry({ instrumentations: [new AiSdkInstrumentation()] });
 * ```
 */
export class AiSdkInstrumentation extends OursInstrumentationBase<AiSdkInstrumentationConfig> {
  /** Created in `enable()`, which the base constructor calls before field initialisers run. */
  declare private integration: AiSdkTelemetryIntegration | undefined;
  /** The tracer `ai` 5 and 6 draw their spans from (`experimental_telemetry.tracer`). */
  declare private spanTracer: AiSdkSpanTracer | undefined;

  constructor(config: AiSdkInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/ai-sdk`, PACKAGE_VERSION, config);
  }

  /** No module to patch: the SDK reads our integration from its global list. */
  protected init(): InstrumentationModuleDefinition[] {
    return [];
  }

  override enable(): void {
    super.enable();
    safely(
      'AI SDK register',
      () => {
        this.integration ??= createIntegration(() => this.isEnabled());
        if (!registerIntegration(this.integration)) {
          log.debug('AI SDK: a telemetry integration of ours is already registered.');
        }
        this.spanTracer ??= new AiSdkSpanTracer(() => this.isEnabled());
        if (!registerTracer(this.spanTracer)) log.debug('AI SDK: a tracer of ours is already registered.');
      },
      undefined,
    );
  }

  override disable(): void {
    super.disable();
    safely(
      'AI SDK unregister',
      () => {
        if (this.integration) unregisterIntegration(this.integration);
        if (this.spanTracer) unregisterTracer(this.spanTracer);
      },
      undefined,
    );
  }
}
