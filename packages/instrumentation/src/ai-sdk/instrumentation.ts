import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { claimGlobalTracer } from '@tradingagents/telemetry/instrumentation-api';
import type { TargetKind } from '../attach/targets.js';
import { log, safely } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { type AiSdkTelemetryIntegration, createIntegration } from './integration.js';
import { registerIntegration, registerTracer, unregisterIntegration, unregisterTracer } from './registry.js';
import { AiSdkSpanTracer } from './span-tracer.js';
import type { AiSdkInstrumentationConfig } from './types.js';

/**
 * `ai` versions we record. 7: its telemetry integration interface (`Telemetry`, read from
 * `globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`, a `callId` on every event). 5 and 6: the spans of
 * their calls with `experimental_telemetry: { isEnabled: true }`, drawn from our tracer.
 */
export const SUPPORTED_AI_SDK_VERSIONS = ['>=5.0.0 <6', '>=6.0.0 <7', '>=7.0.0 <8'];

/** The instrumentation scope name `ai` 5 and 6 ask the global tracer provider for. */
const AI_SDK_TRACER_NAME = 'ai';

/** The modules {@link AiSdkInstrumentation.manuallyInstrument} takes, as you imported them. */
export interface AiSdkModules {
  /** `import * as ai from 'ai'` (the namespace or the CommonJS exports). */
  ai: unknown;
}

/** `ai` 7 has `registerTelemetry` (its integration interface); 5 and 6 do not. */
const isAi7 = (exports: unknown): boolean =>
  typeof (exports as Record<string, unknown> | null)?.registerTelemetry === 'function';

/**
 * Auto-instrumentation of the Vercel AI SDK: `generateText`, `streamText`, `generateObject`,
 * `streamObject`, `embed`, `embedMany`, their tool executions and multi-step loops (`stopWhen`,
 * `Experimental_Agent`, `ToolLoopAgent`). Nothing is patched. Each call becomes an agent (named by
 * its `functionId`, else the enclosing `trackAgent`), a generation per model call and per
 * embedding call, and a tool observation per tool execution.
 *
 * - `ai` 7: enabling it registers a telemetry integration in the SDK's global list, the SDK's own
 *   interface for this; every call is recorded.
 * - `ai` 5 and 6: the SDK's own spans of calls with `experimental_telemetry: { isEnabled: true }`
 *   are turned into ours by a tracer of ours ({@link AiSdkSpanTracer}), which the SDK gets from
 *   the global tracer provider (ours hands it out for the name `ai` once `ai` 5 or 6 is found
 *   loaded) or as `experimental_telemetry.tracer` ({@link getAiSdkTracer}).
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
  /** Releases our claim of the global `ai` tracer; set while `ai` 5 or 6 is loaded and we are enabled. */
  declare private releaseTracerClaim: (() => void) | undefined;

  constructor(config: AiSdkInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/ai-sdk`, PACKAGE_VERSION, config);
  }

  /**
   * Takes the `ai` module you imported yourself: for bundlers, where no module can be found at run
   * time (with `ai` 5 or 6; `ai` 7 needs nothing). Everywhere else
   * `registerTradingAgentsTelemetry()` finds the app's own `ai`.
   */
  manuallyInstrument(modules: AiSdkModules): void {
    if (modules === null || typeof modules !== 'object' || !('ai' in modules)) {
      throw new TypeError('AiSdkInstrumentation.manuallyInstrument: pass { ai } (the imported module)');
    }
    this.found(modules.ai);
  }

  /** A module found by the loader hook or the module scan; `false` if it is not ours. */
  patchExports(kind: TargetKind, exports: unknown): boolean {
    if (kind !== 'aiSdk') return false;
    this.found(exports);
    return true;
  }

  /** No module to patch: the SDK reads our integration from its global list. */
  protected init(): InstrumentationModuleDefinition[] {
    return [];
  }

  /** `ai` 5 or 6 is loaded: our global provider hands out our tracer for its spans. */
  private found(exports: unknown): void {
    safely(
      'AI SDK claim',
      () => {
        if (isAi7(exports) || !this.isEnabled() || this.releaseTracerClaim || !this.spanTracer) return;
        this.releaseTracerClaim = claimGlobalTracer(AI_SDK_TRACER_NAME, this.spanTracer);
      },
      undefined,
    );
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
        this.releaseTracerClaim?.();
        this.releaseTracerClaim = undefined;
      },
      undefined,
    );
  }
}
