export { HANDLER_NAME, TradingAgentsCallbackHandler } from './handler.js';
export type { CallbackManagerModule, ChatModelsModule, LangChainModules } from './instrumentation.js';
export { LangChainInstrumentation, SUPPORTED_LANGCHAIN_CORE_VERSIONS } from './instrumentation.js';
export type { AgentNameMapper, LangChainInstrumentationConfig, LangGraphNodeInfo } from './types.js';
