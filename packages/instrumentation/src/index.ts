export type { TradingAgentsInstrumentationsOptions } from './create.js';
export { createTradingAgentsInstrumentations } from './create.js';
export type {
  AgentNameMapper,
  CallbackManagerModule,
  ChatModelsModule,
  LangChainDirectModules,
  LangChainInstrumentationConfig,
  LangChainMode,
  LangGraphNodeInfo,
  PregelModule,
  ToolsModule,
} from './langchain/index.js';
export {
  HANDLER_NAME,
  LangChainInstrumentation,
  SUPPORTED_LANGCHAIN_CORE_VERSIONS,
  SUPPORTED_LANGGRAPH_VERSIONS,
  TradingAgentsCallbackHandler,
} from './langchain/index.js';
export type {
  OpenAIInstrumentationConfig,
  OpenAIInstrumentationEnvKey,
  OpenAIModule,
} from './openai/index.js';
export { OpenAIInstrumentation, SUPPORTED_OPENAI_VERSIONS } from './openai/index.js';
export { PACKAGE_VERSION as VERSION } from './version.js';
