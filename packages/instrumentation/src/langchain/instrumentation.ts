import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { TargetKind } from '../attach/targets.js';
import { log } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { createAgentNameResolver } from './agent-names.js';
import { resolveNaming } from './config.js';
import { TradingAgentsCallbackHandler } from './handler.js';
import { wrapGenerate, wrapStreamIterator } from './patch-chat-model.js';
import { wrapConfigureSync } from './patch-configure.js';
import type { LangChainInstrumentationConfig } from './types.js';

/** `@langchain/core` versions whose module layout and `_configureSync` this patch is written for. */
export const SUPPORTED_LANGCHAIN_CORE_VERSIONS = ['>=0.3.0 <2'];

type AnyFn = (...args: unknown[]) => unknown;

/** The shape we patch in `@langchain/core/callbacks/manager`. */
export interface CallbackManagerModule {
  CallbackManager: { _configureSync?: AnyFn };
}

/** The shape we patch in `@langchain/core/language_models/chat_models`. */
export interface ChatModelsModule {
  BaseChatModel: { prototype: { _generateUncached?: AnyFn; _streamIterator?: AnyFn } };
}

/** The modules {@link LangChainInstrumentation.manuallyInstrument} patches, as you imported them. */
export interface LangChainModules {
  /** `import * as callbackManager from '@langchain/core/callbacks/manager'` (required). */
  callbackManager: unknown;
  /**
   * `import * as chatModels from '@langchain/core/language_models/chat_models'`: lets the OpenAI
   * SDK patch skip the calls a LangChain chat model makes (one generation per call, not two).
   */
  chatModels?: unknown;
}

/**
 * Auto-instrumentation of LangChain.js and LangGraph.js: one {@link TradingAgentsCallbackHandler}
 * is added to every callback manager (`CallbackManager._configureSync`), and chat-model calls are
 * marked so that the OpenAI SDK patch does not record them a second time. LangGraph itself is not
 * patched: its nodes, subgraphs and tools are LangChain runs.
 *
 * @example
 * ```ts
 * import * as callbackManager from '@langchain/core/callbacks/manager';
 * import * as chatModels from '@langchain/core/language_models/chat_models';
 * const langchain = new LangChainInstrumentation({ agentNames: { market: 'market_analyst' } });
 * langchain.manuallyInstrument({ callbackManager, chatModels });
 * ```
 */
export class LangChainInstrumentation extends OursInstrumentationBase<LangChainInstrumentationConfig> {
  private handler: TradingAgentsCallbackHandler | undefined;

  constructor(config: LangChainInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/langchain`, PACKAGE_VERSION, config);
  }

  override setConfig(config: LangChainInstrumentationConfig = {}): void {
    // Validates before anything changes: an invalid option is a programmer error, thrown here.
    resolveNaming(config, {});
    super.setConfig(config);
    this.handler = undefined;
  }

  /** The handler added to LangChain's callback managers (created lazily from the current config). */
  getHandler(): TradingAgentsCallbackHandler {
    if (this.handler === undefined) {
      const config = this.getConfig();
      this.handler = new TradingAgentsCallbackHandler({
        resolveAgentName: createAgentNameResolver(config),
        rootSpan: config.rootSpan ?? true,
      });
    }
    return this.handler;
  }

  /**
   * Patches modules you imported yourself: for bundlers, where no module can be found at run time.
   * Everywhere else `registerTradingAgentsTelemetry()` finds the app's own modules.
   */
  manuallyInstrument(modules: LangChainModules): void {
    if (modules === null || typeof modules !== 'object' || !('callbackManager' in modules)) {
      throw new TypeError(
        'LangChainInstrumentation.manuallyInstrument: pass { callbackManager, chatModels? } (the imported modules)',
      );
    }
    this.patchCallbackManager(modules.callbackManager as CallbackManagerModule);
    if (modules.chatModels !== undefined) this.patchChatModels(modules.chatModels as ChatModelsModule);
  }

  /** Patches one module found by the loader hook or the module scan; `false` if it is not ours. */
  patchExports(kind: TargetKind, exports: unknown): boolean {
    if (kind === 'callbackManager') this.patchCallbackManager(exports as CallbackManagerModule);
    else if (kind === 'chatModels') this.patchChatModels(exports as ChatModelsModule);
    else return false;
    return true;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    // biome-ignore lint/suspicious/noExplicitAny: the module definition API is untyped.
    const file = (name: string, patch: (m: any) => unknown, unpatch: (m: any) => void) =>
      new InstrumentationNodeModuleFile(
        `@langchain/core/dist/${name}`,
        SUPPORTED_LANGCHAIN_CORE_VERSIONS,
        patch,
        unpatch,
      );
    const manager = (m: CallbackManagerModule) => this.patchCallbackManager(m);
    const unManager = (m: CallbackManagerModule) => this.unpatchCallbackManager(m);
    const models = (m: ChatModelsModule) => this.patchChatModels(m);
    const unModels = (m: ChatModelsModule) => this.unpatchChatModels(m);
    return [
      new InstrumentationNodeModuleDefinition(
        '@langchain/core',
        SUPPORTED_LANGCHAIN_CORE_VERSIONS,
        undefined,
        undefined,
        [
          file('callbacks/manager.cjs', manager, unManager),
          file('callbacks/manager.js', manager, unManager),
          file('language_models/chat_models.cjs', models, unModels),
          file('language_models/chat_models.js', models, unModels),
        ],
      ),
    ];
  }

  private wrapOnce(target: object, name: string, wrapper: (original: AnyFn) => AnyFn): void {
    if (typeof (target as Record<string, unknown>)[name] !== 'function') {
      log.debug(`LangChain: ${name} not found; this @langchain/core version is not instrumented there.`);
      return;
    }
    this.wrapOurs(target, name, wrapper);
  }

  private patchCallbackManager<M extends CallbackManagerModule>(module: M): M {
    try {
      const manager = module?.CallbackManager;
      if (manager)
        this.wrapOnce(manager, '_configureSync', (original) =>
          wrapConfigureSync(original, () => this.handlerIfEnabled()),
        );
    } catch (error) {
      log.error('LangChain: patching the callback manager failed', error);
    }
    return module;
  }

  private unpatchCallbackManager(module: CallbackManagerModule): void {
    if (module?.CallbackManager) this.unwrapOurs(module.CallbackManager, '_configureSync');
  }

  private patchChatModels<M extends ChatModelsModule>(module: M): M {
    try {
      const proto = module?.BaseChatModel?.prototype;
      if (proto) {
        this.wrapOnce(proto, '_generateUncached', wrapGenerate);
        this.wrapOnce(proto, '_streamIterator', wrapStreamIterator);
      }
    } catch (error) {
      log.error('LangChain: patching BaseChatModel failed', error);
    }
    return module;
  }

  private unpatchChatModels(module: ChatModelsModule): void {
    const proto = module?.BaseChatModel?.prototype;
    if (!proto) return;
    this.unwrapOurs(proto, '_generateUncached');
    this.unwrapOurs(proto, '_streamIterator');
  }

  /** `undefined` while disabled, so a disabled instrumentation adds nothing even if still wrapped. */
  private handlerIfEnabled(): TradingAgentsCallbackHandler | undefined {
    return this.isEnabled() ? this.getHandler() : undefined;
  }
}
