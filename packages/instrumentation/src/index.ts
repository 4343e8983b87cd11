export type { AiSdkInstrumentationConfig, AiSdkModules } from './ai-sdk/index.js';
export {
  AiSdkInstrumentation,
  getAiSdkTelemetryIntegration,
  getAiSdkTracer,
  SUPPORTED_AI_SDK_VERSIONS,
} from './ai-sdk/index.js';
export type {
  AnthropicInstrumentationConfig,
  AnthropicModule,
  AnthropicModules,
} from './anthropic/index.js';
export { AnthropicInstrumentation, SUPPORTED_ANTHROPIC_VERSIONS } from './anthropic/index.js';
export type { AttachOptions, ModulePatcher, PatchTarget, TargetKind } from './attach/index.js';
export { attachInstrumentations, PATCH_TARGETS, registerLoaderHook } from './attach/index.js';
export type { TradingAgentsInstrumentationsOptions } from './create.js';
export { createTradingAgentsInstrumentations } from './create.js';
export type {
  GoogleGenAIInstrumentationConfig,
  GoogleGenAIModule,
  GoogleGenAIModules,
} from './google-genai/index.js';
export { GoogleGenAIInstrumentation, SUPPORTED_GOOGLE_GENAI_VERSIONS } from './google-genai/index.js';
export type {
  AgentNameMapper,
  CallbackManagerModule,
  ChatModelsModule,
  LangChainInstrumentationConfig,
  LangChainModules,
  LangGraphNodeInfo,
} from './langchain/index.js';
export {
  HANDLER_NAME,
  LangChainInstrumentation,
  SUPPORTED_LANGCHAIN_CORE_VERSIONS,
  TradingAgentsCallbackHandler,
} from './langchain/index.js';
export type {
  OpenAIInstrumentationConfig,
  OpenAIInstrumentationEnvKey,
  OpenAIModule,
  OpenAIModules,
} from './openai/index.js';
export { OpenAIInstrumentation, SUPPORTED_OPENAI_VERSIONS } from './openai/index.js';
export type {
  OpenAIAgentsCoreModule,
  OpenAIAgentsInstrumentationConfig,
  OpenAIAgentsModules,
} from './openai-agents/index.js';
export {
  OpenAIAgentsInstrumentation,
  SUPPORTED_OPENAI_AGENTS_VERSIONS,
  TradingAgentsTracingProcessor,
} from './openai-agents/index.js';
export { PACKAGE_VERSION as VERSION } from './version.js';
