import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { TargetKind } from '../attach/targets.js';
import { log } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { wrapMessagesCreate, wrapMessagesStream } from './patch-create.js';
import type { AnthropicInstrumentationConfig } from './types.js';

/** `@anthropic-ai/sdk` versions whose `Anthropic.Messages` (and `Anthropic.Beta.Messages`) we patch. */
export const SUPPORTED_ANTHROPIC_VERSIONS = ['>=0.30.0 <2'];

type Proto = Record<string, unknown>;

interface AnthropicClass {
  Messages?: { prototype: Proto };
  Beta?: { Messages?: { prototype: Proto } };
}

/** The modules {@link AnthropicInstrumentation.manuallyInstrument} patches, as you imported them. */
export interface AnthropicModules {
  /** `import * as anthropic from '@anthropic-ai/sdk'` (the namespace or the CommonJS exports). */
  anthropic: unknown;
}

/** The shape we patch: the `@anthropic-ai/sdk` package's exports (CJS `exports` or ESM namespace). */
export interface AnthropicModule {
  Anthropic?: AnthropicClass;
  default?: AnthropicClass;
}

function targets(module: AnthropicModule): [Proto | undefined, string][] {
  const client = module?.Anthropic ?? module?.default;
  return [
    [client?.Messages?.prototype, 'messages.create'],
    [client?.Beta?.Messages?.prototype, 'beta.messages.create'],
  ];
}

/**
 * Auto-instrumentation of the Anthropic TypeScript SDK: `messages.create` (JSON or streamed) and
 * `messages.stream` (which calls it), and their `beta.messages` twins, become generations of the
 * core: usage by token type from the provider's `usage` (cache reads and cache writes included),
 * cost, metrics, and the calling agent. Calls made by LangChain's `ChatAnthropic` are left to the
 * LangChain instrumentation.
 *
 * @example
 * ```ts
 * import * as anthropic from '@anthropic-ai/sdk';
 * new AnthropicInstrumentation().manuallyInstrument({ anthropic });
 * ```
 */
export class AnthropicInstrumentation extends OursInstrumentationBase<AnthropicInstrumentationConfig> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/anthropic`, PACKAGE_VERSION, config);
  }

  /**
   * Patches the module you imported yourself: for bundlers, where no module can be found at run
   * time. Everywhere else `registerTradingAgentsTelemetry()` finds the app's own `@anthropic-ai/sdk`.
   */
  manuallyInstrument(modules: AnthropicModules): void {
    if (modules === null || typeof modules !== 'object' || !('anthropic' in modules)) {
      throw new TypeError(
        'AnthropicInstrumentation.manuallyInstrument: pass { anthropic } (the imported module)',
      );
    }
    this.patch(modules.anthropic as AnthropicModule);
  }

  /** Patches one module found by the loader hook or the module scan; `false` if it is not ours. */
  patchExports(kind: TargetKind, exports: unknown): boolean {
    if (kind !== 'anthropic') return false;
    this.patch(exports as AnthropicModule);
    return true;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        SUPPORTED_ANTHROPIC_VERSIONS,
        (m: AnthropicModule) => this.patch(m),
        (m: AnthropicModule) => this.unpatch(m),
      ),
    ];
  }

  private patch<M extends AnthropicModule>(module: M): M {
    for (const [proto, name] of targets(module)) {
      try {
        if (!proto || typeof proto.create !== 'function') {
          log.debug(`Anthropic: ${name} not found; not instrumented in this @anthropic-ai/sdk version.`);
          continue;
        }
        this.wrapOurs(proto, 'create', (original) => wrapMessagesCreate(original, () => this.isEnabled()));
        if (typeof proto.stream === 'function') {
          this.wrapOurs(proto, 'stream', (original) => wrapMessagesStream(original, () => this.isEnabled()));
        }
      } catch (error) {
        log.error(`Anthropic: patching ${name} failed`, error);
      }
    }
    return module;
  }

  private unpatch(module: AnthropicModule): void {
    for (const [proto] of targets(module)) {
      if (!proto) continue;
      this.unwrapOurs(proto, 'create');
      this.unwrapOurs(proto, 'stream');
    }
  }
}
