export type { OpenAIInstrumentationEnvKey } from './config.js';
export type { OpenAIModule, OpenAIModules } from './instrumentation.js';
export { OpenAIInstrumentation, SUPPORTED_OPENAI_VERSIONS } from './instrumentation.js';
export type { OpenAIInstrumentationConfig } from './types.js';
