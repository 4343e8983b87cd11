import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { log } from '../shared/safe.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { createAgentNameResolver } from './agent-names.js';
import { resolveLangChainMode } from './config.js';
import { TradingAgentsCallbackHandler } from './handler.js';
import { wrapGenerate, wrapStreamIterator } from './patch-chat-model.js';
import { wrapConfigureSync } from './patch-configure.js';
import { type DirectGraphOptions, wrapGetNode, wrapGraphInvoke } from './patch-graph.js';
import { wrapToolCall } from './patch-tool.js';
import type { LangChainInstrumentationConfig, LangChainMode } from './types.js';

/** `@langchain/core` versions whose module layout and `_configureSync` this patch is written for. */
export const SUPPORTED_LANGCHAIN_CORE_VERSIONS = ['>=0.3.0 <2'];

/** `@langchain/langgraph` versions whose `PregelNode.getNode` and `Pregel.invoke` direct mode patches. */
export const SUPPORTED_LANGGRAPH_VERSIONS = ['>=1.0.0 <2'];

type AnyFn = (...args: unknown[]) => unknown;

/** The shape we patch in `@langchain/core/callbacks/manager`. */
export interface CallbackManagerModule {
  CallbackManager: { _configureSync?: AnyFn };
}

/** The shape we patch in `@langchain/core/language_models/chat_models`. */
export interface ChatModelsModule {
  BaseChatModel: { prototype: { _generateUncached?: AnyFn; _streamIterator?: AnyFn } };
}

/** The shape we patch in `@langchain/core/tools` (direct mode). */
export interface ToolsModule {
  StructuredTool: { prototype: { call?: AnyFn } };
}

/**
 * The shape we patch in `@langchain/langgraph/pregel` (direct mode): `Pregel.prototype.invoke`, and
 * `PregelNode.prototype.getNode`, reached through the node `Channel.subscribeTo` returns (the
 * package does not export `PregelNode`).
 */
export interface PregelModule {
  Pregel?: { prototype: { invoke?: AnyFn } };
  Channel?: { subscribeTo?(channel: string): unknown };
}

/** `PregelNode`'s module (`dist/pregel/read`), as the require/ESM hooks see it. */
interface PregelReadModule {
  PregelNode?: { prototype: { getNode?: AnyFn } };
}

/** More modules to patch by hand for direct mode (see {@link LangChainInstrumentation.manuallyInstrument}). */
export interface LangChainDirectModules {
  /** `@langchain/langgraph/pregel`. */
  pregel?: unknown;
  /** `@langchain/core/tools`. */
  tools?: unknown;
}

/** Marks functions we wrapped, so that a second patch of the same class unwraps ours, never another tool's. */
const OURS = Symbol.for('@tradingagents/instrumentation.wrapped');

function isOurs(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[OURS] === true;
}

/**
 * Auto-instrumentation of LangChain.js and LangGraph.js. In `'callbacks'` mode (the default) it adds
 * one {@link TradingAgentsCallbackHandler} to every callback manager (`CallbackManager._configureSync`);
 * in `'direct'` mode it adds none and records from patches of the LangGraph node runner
 * (`PregelNode.getNode`, `Pregel.invoke`), `BaseChatModel` and `StructuredTool.call`. Both mark
 * chat-model calls so that the OpenAI SDK patch does not record them a second time.
 *
 * @example
 * ```ts
 * import * as callbackManager from '@langchain/core/callbacks/manager';
 * import * as chatModels from '@langchain/core/language_models/chat_models';
 * const langchain = new LangChainInstrumentation({ agentNames: { market: 'market_analyst' } });
 * langchain.manuallyInstrument(callbackManager, chatModels);
 * ```
 */
export class LangChainInstrumentation extends InstrumentationBase<LangChainInstrumentationConfig> {
  private handler: TradingAgentsCallbackHandler | undefined;
  private direct: DirectGraphOptions | undefined;
  private resolvedMode: LangChainMode | undefined;

  constructor(config: LangChainInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/langchain`, PACKAGE_VERSION, config);
  }

  override setConfig(config: LangChainInstrumentationConfig = {}): void {
    // Validates before anything changes: an invalid mode is a programmer error.
    const mode = resolveLangChainMode(config);
    super.setConfig(config);
    this.handler = undefined;
    this.direct = undefined;
    this.resolvedMode = mode;
  }

  /** The recording mode in effect: option ?? `TRADINGAGENTS_LANGCHAIN_MODE` ?? `'callbacks'`. */
  get mode(): LangChainMode {
    this.resolvedMode ??= resolveLangChainMode(this.getConfig());
    return this.resolvedMode;
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
   * Patches modules you imported yourself: for bundlers, for ESM without the loader hook, and in
   * tests. Pass `@langchain/core/callbacks/manager`, and `@langchain/core/language_models/chat_models`
   * when the OpenAI SDK is instrumented too (it lets the SDK patch skip LangChain's own calls). In
   * direct mode pass `chat_models` and `{ pregel, tools }` too (`@langchain/langgraph/pregel`,
   * `@langchain/core/tools`): they are what records agents, generations and tools then.
   */
  manuallyInstrument(
    callbackManagerModule: unknown,
    chatModelsModule?: unknown,
    directModules: LangChainDirectModules = {},
  ): void {
    this.patchCallbackManager(callbackManagerModule as CallbackManagerModule);
    if (chatModelsModule !== undefined) this.patchChatModels(chatModelsModule as ChatModelsModule);
    if (directModules.tools !== undefined) this.patchTools(directModules.tools as ToolsModule);
    if (directModules.pregel !== undefined) this.patchPregelModule(directModules.pregel as PregelModule);
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
    const tools = (m: ToolsModule) => this.patchTools(m);
    const unTools = (m: ToolsModule) => this.unpatchTools(m);
    // biome-ignore lint/suspicious/noExplicitAny: the module definition API is untyped.
    const graphFile = (name: string, patch: (m: any) => unknown, unpatch: (m: any) => void) =>
      new InstrumentationNodeModuleFile(
        `@langchain/langgraph/dist/pregel/${name}`,
        SUPPORTED_LANGGRAPH_VERSIONS,
        patch,
        unpatch,
      );
    const read = (m: PregelReadModule) => this.patchPregelRead(m);
    const unRead = (m: PregelReadModule) => this.unpatchPregelRead(m);
    const pregel = (m: PregelModule) => this.patchPregel(m);
    const unPregel = (m: PregelModule) => this.unpatchPregel(m);
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
          file('tools/index.cjs', tools, unTools),
          file('tools/index.js', tools, unTools),
        ],
      ),
      new InstrumentationNodeModuleDefinition(
        '@langchain/langgraph',
        SUPPORTED_LANGGRAPH_VERSIONS,
        undefined,
        undefined,
        [
          graphFile('read.cjs', read, unRead),
          graphFile('read.js', read, unRead),
          graphFile('index.cjs', pregel, unPregel),
          graphFile('index.js', pregel, unPregel),
        ],
      ),
    ];
  }

  private wrapOnce(target: object, name: string, wrapper: (original: AnyFn) => AnyFn): void {
    const record = target as Record<string, unknown>;
    if (typeof record[name] !== 'function') {
      log.debug(`LangChain: ${name} not found; this @langchain/core version is not instrumented there.`);
      return;
    }
    if (isOurs(record[name]) && isWrapped(record[name])) this._unwrap(target as never, name as never);
    this._wrap(
      target as never,
      name as never,
      ((original: AnyFn) => {
        const wrapped = wrapper(original);
        (wrapped as unknown as Record<symbol, unknown>)[OURS] = true;
        return wrapped;
      }) as never,
    );
  }

  private unwrapOurs(target: object, name: string): void {
    const fn = (target as Record<string, unknown>)[name];
    if (isOurs(fn) && isWrapped(fn)) this._unwrap(target as never, name as never);
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
        const direct = () => this.directIfEnabled() !== undefined;
        this.wrapOnce(proto, '_generateUncached', (original) => wrapGenerate(original, direct));
        this.wrapOnce(proto, '_streamIterator', (original) =>
          wrapStreamIterator(original, direct, proto as { _streamResponseChunks?: unknown }),
        );
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

  private patchTools<M extends ToolsModule>(module: M): M {
    try {
      const proto = module?.StructuredTool?.prototype;
      if (proto)
        this.wrapOnce(proto, 'call', (original) =>
          wrapToolCall(original, () => this.directIfEnabled() !== undefined),
        );
    } catch (error) {
      log.error('LangChain: patching StructuredTool failed', error);
    }
    return module;
  }

  private unpatchTools(module: ToolsModule): void {
    const proto = module?.StructuredTool?.prototype;
    if (proto) this.unwrapOurs(proto, 'call');
  }

  /** `@langchain/langgraph/pregel`, patched by hand: `Pregel`, and `PregelNode` through a node. */
  private patchPregelModule(module: PregelModule): void {
    this.patchPregel(module);
    try {
      const node = module?.Channel?.subscribeTo?.('__tradingagents_probe__');
      const PregelNode = (node as { constructor?: PregelReadModule['PregelNode'] } | undefined)?.constructor;
      if (PregelNode) this.patchPregelRead({ PregelNode });
    } catch (error) {
      log.error('LangGraph: finding PregelNode failed', error);
    }
  }

  private patchPregelRead<M extends PregelReadModule>(module: M): M {
    try {
      const proto = module?.PregelNode?.prototype;
      if (proto)
        this.wrapOnce(proto, 'getNode', (original) => wrapGetNode(original, () => this.directIfEnabled()));
    } catch (error) {
      log.error('LangGraph: patching PregelNode failed', error);
    }
    return module;
  }

  private unpatchPregelRead(module: PregelReadModule): void {
    const proto = module?.PregelNode?.prototype;
    if (proto) this.unwrapOurs(proto, 'getNode');
  }

  private patchPregel<M extends PregelModule>(module: M): M {
    try {
      const proto = module?.Pregel?.prototype;
      if (proto)
        this.wrapOnce(proto, 'invoke', (original) => wrapGraphInvoke(original, () => this.directIfEnabled()));
    } catch (error) {
      log.error('LangGraph: patching Pregel failed', error);
    }
    return module;
  }

  private unpatchPregel(module: PregelModule): void {
    const proto = module?.Pregel?.prototype;
    if (proto) this.unwrapOurs(proto, 'invoke');
  }

  /**
   * `undefined` while disabled or in direct mode, so a disabled instrumentation adds nothing even
   * if still wrapped.
   */
  private handlerIfEnabled(): TradingAgentsCallbackHandler | undefined {
    return this.isEnabled() && this.mode === 'callbacks' ? this.getHandler() : undefined;
  }

  /** The direct-mode options while enabled in direct mode, else `undefined` (the patches pass through). */
  private directIfEnabled(): DirectGraphOptions | undefined {
    if (!this.isEnabled() || this.mode !== 'direct') return undefined;
    if (this.direct === undefined) {
      const config = this.getConfig();
      this.direct = { resolveAgentName: createAgentNameResolver(config), rootSpan: config.rootSpan ?? true };
    }
    return this.direct;
  }
}
