import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { TargetKind } from '../attach/targets.js';
import { log } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { chatCompletions } from './chat.js';
import { type ResolvedOpenAIConfig, resolveOpenAIConfig } from './config.js';
import { embeddingsCreate } from './embeddings.js';
import type { Operation } from './operation.js';
import { wrapCreate } from './patch-create.js';
import { responsesCreate } from './responses.js';
import type { OpenAIInstrumentationConfig } from './types.js';

/** `openai` versions whose `OpenAI.Chat.Completions` / `Responses` / `Embeddings` classes we patch. */
export const SUPPORTED_OPENAI_VERSIONS = ['>=4.19.0 <8'];

type Proto = Record<string, unknown>;

interface OpenAIClass {
  Chat?: { Completions?: { prototype: Proto } };
  Responses?: { prototype: Proto };
  Embeddings?: { prototype: Proto };
}

/** The modules {@link OpenAIInstrumentation.manuallyInstrument} patches, as you imported them. */
export interface OpenAIModules {
  /** `import * as openai from 'openai'` (the namespace or the CommonJS exports). */
  openai: unknown;
}

/** The shape we patch: the `openai` package's exports (CJS `exports` or ESM namespace). */
export interface OpenAIModule {
  OpenAI?: OpenAIClass;
  default?: OpenAIClass;
}

function targets(module: OpenAIModule): [Proto | undefined, Operation][] {
  const client = module?.OpenAI ?? module?.default;
  return [
    [client?.Chat?.Completions?.prototype, chatCompletions],
    [client?.Responses?.prototype, responsesCreate],
    [client?.Embeddings?.prototype, embeddingsCreate],
  ];
}

/**
 * Auto-instrumentation of the OpenAI Node SDK: `chat.completions.create`, `responses.create` (both
 * streamed or not) and `embeddings.create` become generations of the core (usage, cost, metrics).
 * Calls made by a LangChain chat model are left to the LangChain instrumentation.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import * as openai from 'openai';
 * new OpenAIInstrumentation({ includeStreamUsage: true }).manuallyInstrument({ openai });
 * ```
 */
export class OpenAIInstrumentation extends OursInstrumentationBase<OpenAIInstrumentationConfig> {
  private resolved: ResolvedOpenAIConfig | undefined;

  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/openai`, PACKAGE_VERSION, config);
  }

  override setConfig(config: OpenAIInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.resolved = undefined;
  }

  /**
   * Patches the module you imported yourself: for bundlers, where no module can be found at run
   * time. Everywhere else `registerTradingAgentsTelemetry()` finds the app's own `openai`.
   */
  manuallyInstrument(modules: OpenAIModules): void {
    if (modules === null || typeof modules !== 'object' || !('openai' in modules)) {
      throw new TypeError('OpenAIInstrumentation.manuallyInstrument: pass { openai } (the imported module)');
    }
    this.patch(modules.openai as OpenAIModule);
  }

  /** Patches one module found by the loader hook or the module scan; `false` if it is not ours. */
  patchExports(kind: TargetKind, exports: unknown): boolean {
    if (kind !== 'openai') return false;
    this.patch(exports as OpenAIModule);
    return true;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        SUPPORTED_OPENAI_VERSIONS,
        (m: OpenAIModule) => this.patch(m),
        (m: OpenAIModule) => this.unpatch(m),
      ),
    ];
  }

  private config(): ResolvedOpenAIConfig | undefined {
    if (!this.isEnabled()) return undefined;
    this.resolved ??= resolveOpenAIConfig(this.getConfig());
    return this.resolved;
  }

  private patch<M extends OpenAIModule>(module: M): M {
    for (const [proto, operation] of targets(module)) {
      try {
        if (!proto || typeof proto.create !== 'function') {
          log.debug(`OpenAI: ${operation.name} not found; not instrumented in this openai version.`);
          continue;
        }
        this.wrapOurs(proto, 'create', (original) => wrapCreate(operation, original, () => this.config()));
      } catch (error) {
        log.error(`OpenAI: patching ${operation.name} failed`, error);
      }
    }
    return module;
  }

  private unpatch(module: OpenAIModule): void {
    for (const [proto] of targets(module)) if (proto) this.unwrapOurs(proto, 'create');
  }
}
