import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { TargetKind } from '../attach/targets.js';
import { addModelCallParent } from '../shared/model-call-parent.js';
import { log, safely } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { currentAgentsSpan } from './current-span.js';
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
  createTrace?(options: unknown): unknown;
}

/** Where `@openai/agents-core` keeps its global provider (`getGlobalTraceProvider()`), every copy alike. */
const GLOBAL_PROVIDER = Symbol.for('openai.agents.core.traceProvider');

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
    // The plain call runs after the app's imports: the SDK's provider may be there already.
    if (this.isEnabled()) this.attachToGlobalProvider();
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
    // The base constructor enables before our fields exist; the constructor attaches then.
    if ((this.processor as TradingAgentsTracingProcessor | undefined) === undefined) return;
    if (this.module) this.patch(this.module);
    else this.attachToGlobalProvider();
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
        const proto = module?.TraceProvider?.prototype as TraceProviderLike | undefined;
        if (!proto || typeof proto.registerProcessor !== 'function') {
          log.debug('OpenAI Agents: TraceProvider not found; not instrumented.');
          return;
        }
        this.module = module;
        this.patchProvider(proto);
        // A provider made already (by this copy or another one) gets our processor now.
        this.attachToGlobalProvider();
      },
      undefined,
    );
  }

  /**
   * Attaches to the SDK's global provider if it exists (`getGlobalTraceProvider()` made it: importing
   * `@openai/agents-core` does), through whichever copy of the SDK made it, and starts answering the
   * OpenAI patch's "which agent is this call in" from the SDK's current span.
   */
  private attachToGlobalProvider(): void {
    safely(
      'OpenAI Agents: attaching to the trace provider',
      () => {
        const existing = (globalThis as Record<symbol, unknown>)[GLOBAL_PROVIDER] as
          | TraceProviderLike
          | undefined;
        if (existing && typeof existing.registerProcessor === 'function') {
          const proto = Object.getPrototypeOf(existing) as TraceProviderLike | null;
          if (proto) this.patchProvider(proto);
          this.attachTo(existing);
        }
        if (this.isEnabled() && this.removeParent === undefined && (existing || this.module)) {
          this.removeParent = addModelCallParent((active) =>
            safely(
              'OpenAI Agents: model call parent',
              () => this.processor.parentOfModelCall(currentAgentsSpan(this.module), active),
              undefined,
            ),
          );
        }
      },
      undefined,
    );
  }

  /** Registers our processor on `provider`, once. */
  private attachTo(provider: TraceProviderLike): void {
    if (this.providers.has(provider)) return;
    this.providers.add(provider);
    provider.registerProcessor?.call(provider, this.processor);
  }

  /**
   * Patches `TraceProvider.prototype` rather than creating the SDK's global provider ourselves: that
   * provider installs process handlers (SIGINT, SIGTERM, `unhandledRejection`) when it is made, which
   * an app that has the SDK installed but does not use it must not get from us. The provider gets our
   * processor on its first trace (`createTrace`), and keeps it: `setTraceProcessors()` (which
   * `@openai/agents` itself calls on import to install its OpenAI exporter) replaces the list, so our
   * wrapper of `setProcessors` appends ours to whatever list the app sets.
   */
  private patchProvider(proto: TraceProviderLike): void {
    const self = this;
    const processor = this.processor;
    if (typeof proto.setProcessors === 'function') {
      this.wrapOurs(
        proto,
        'setProcessors',
        (original) =>
          function setProcessorsKeepingOurs(this: TraceProviderLike, ...args: unknown[]): unknown {
            const list = Array.isArray(args[0]) ? (args[0] as unknown[]) : undefined;
            const kept = list && !list.includes(processor) ? [...list, processor] : args[0];
            self.providers.add(this);
            return original.apply(this, [kept, ...args.slice(1)]);
          },
      );
    }
    if (typeof proto.createTrace === 'function') {
      this.wrapOurs(
        proto,
        'createTrace',
        (original) =>
          function createTraceWithOurs(this: TraceProviderLike, ...args: unknown[]): unknown {
            safely('OpenAI Agents: adding the tracing processor', () => self.attachTo(this), undefined);
            return original.apply(this, args);
          },
      );
    }
  }
}
