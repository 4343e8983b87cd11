export { HANDLER_NAME, TradingAgentsCallbackHandler } from './handler.js';
export type {
  CallbackManagerModule,
  ChatModelsModule,
  LangChainDirectModules,
  PregelModule,
  ToolsModule,
} from './instrumentation.js';
export {
  LangChainInstrumentation,
  SUPPORTED_LANGCHAIN_CORE_VERSIONS,
  SUPPORTED_LANGGRAPH_VERSIONS,
} from './instrumentation.js';
export type {
  AgentNameMapper,
  LangChainInstrumentationConfig,
  LangChainMode,
  LangGraphNodeInfo,
} from './types.js';
