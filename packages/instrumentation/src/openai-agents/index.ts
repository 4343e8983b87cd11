export type { OpenAIAgentsModules } from './instrumentation.js';
export { OpenAIAgentsInstrumentation, SUPPORTED_OPENAI_AGENTS_VERSIONS } from './instrumentation.js';
export { TradingAgentsTracingProcessor } from './processor.js';
export type { OpenAIAgentsCoreModule, OpenAIAgentsInstrumentationConfig } from './types.js';
