import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { TargetKind } from '../attach/targets.js';
import { addModelCallParent } from '../shared/model-call-parent.js';
import { log, safely } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { TradingAgentsTracingProcessor } from './processor.js';
import type {
  AgentsTracingProcessor,
  OpenAIAgentsCoreModule,
  OpenAIAgentsInstrumentationConfig,
} from './types.js';

/** `@openai/agents-core` versions whose tracing API (processors, current span) we use. */
export const SUPPORTED_OPENAI_AGENTS_VERSIONS = ['>=0.15.0 <0.21'];

/** The modules {@link OpenAIAgentsInstrumentation.manuallyInstrument} takes, as you imported them. */
export interface OpenAIAgentsModules {
  /** `import * as agentsCore from '@openai/agents-core'` (or `@openai/agents`, which re-exports it). */
  agentsCore: unknown;
}

interface TraceProviderLike {
  registerProcessor?(processor: AgentsTracingProcessor): void;
  setProcessors?(processors: AgentsTracingProcessor[]): void;
}

/**
 * Auto-instrumentation of the OpenAI Agents SDK (`@openai/agents`): a tracing processor added
 * beside the user's (the SDK's OpenAI exporter stays) turns each agent run into an agent scope
 * (`agent_name` on the metrics, `invoke_agent <name>` in Langfuse), each function tool into a tool
 * scope, handoffs and guardrails into events. The model calls inside are recorded once, by the
 * OpenAI instrumentation, under their agent; calls of a custom model from the SDK's own usage.
 *
 * @example
 * ```ts
 * import * as agentsCore from '@openai/agents-core';
 * new OpenAIAgentsInstrumentation().manuallyInstrument({ agentsCore });
 * ```
 */
export class OpenAIAgentsInstrumentation extends OursInstrumentationBase<OpenAIAgentsInstrumentationConfig> {
  private readonly processor = new TradingAgentsTracingProcessor(() => this.isEnabled());
  private readonly providers = new WeakSet<object>();
  private removeParent: (() => void) | undefined;
  private module: OpenAIAgentsCoreModule | undefined;

  constructor(config: OpenAIAgentsInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/openai-agents`, PACKAGE_VERSION, config);
  }

  /** Instruments the module you imported yourself (bundlers; tests). */
  manuallyInstrument(modules: OpenAIAgentsModules): void {
    if (modules === null || typeof modules !== 'object' || !('agentsCore' in modules)) {
      throw new TypeError(
        'OpenAIAgentsInstrumentation.manuallyInstrument: pass { agentsCore } (the imported module)',
      );
    }
    this.patch(modules.agentsCore as OpenAIAgentsCoreModule);
  }

  /** Instruments one module found by the loader hook or the module scan; `false` if it is not ours. */
  patchExports(kind: TargetKind, exports: unknown): boolean {
    if (kind !== 'openaiAgentsCore') return false;
    this.patch(exports as OpenAIAgentsCoreModule);
    return true;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    // Attached through PATCH_TARGETS (attachInstrumentations), not require-in-the-middle.
    return [];
  }

  override enable(): void {
    super.enable();
    if (this.module) this.patch(this.module);
  }

  override disable(): void {
    super.disable();
    this.removeParent?.();
    this.removeParent = undefined;
  }

  private patch(module: OpenAIAgentsCoreModule): void {
    safely(
      'OpenAI Agents: adding the tracing processor',
      () => {
        const provider = module?.getGlobalTraceProvider?.() as TraceProviderLike | undefined;
        if (!provider || typeof provider.registerProcessor !== 'function') {
          log.debug('OpenAI Agents: getGlobalTraceProvider not found; not instrumented.');
          return;
        }
        this.module = module;
        this.keepProcessorOn(provider);
        const getCurrentSpan = module.getCurrentSpan;
        if (this.isEnabled() && this.removeParent === undefined && typeof getCurrentSpan === 'function') {
          this.removeParent = addModelCallParent((active) =>
            safely(
              'OpenAI Agents: model call parent',
              () => this.processor.parentOfModelCall(getCurrentSpan(), active),
              undefined,
            ),
          );
        }
      },
      undefined,
    );
  }

  /**
   * Adds our processor to the SDK's global provider once, and keeps it there: `setTraceProcessors()`
   * (which `@openai/agents` itself calls on import to install its OpenAI exporter) replaces the list,
   * so our wrapper of `setProcessors` appends ours to whatever list the app sets.
   */
  private keepProcessorOn(provider: TraceProviderLike): void {
    if (this.providers.has(provider)) return;
    this.providers.add(provider);
    const processor = this.processor;
    const proto = Object.getPrototypeOf(provider) as object | null;
    if (proto && typeof (proto as TraceProviderLike).setProcessors === 'function') {
      this.wrapOurs(
        proto,
        'setProcessors',
        (original) =>
          function setProcessorsKeepingOurs(this: unknown, ...args: unknown[]): unknown {
            const list = Array.isArray(args[0]) ? (args[0] as unknown[]) : undefined;
            const kept = list && !list.includes(processor) ? [...list, processor] : args[0];
            return original.apply(this, [kept, ...args.slice(1)]);
          },
      );
    }
    provider.registerProcessor?.(processor);
  }
}
