export type { AnthropicModule, AnthropicModules } from './instrumentation.js';
export { AnthropicInstrumentation, SUPPORTED_ANTHROPIC_VERSIONS } from './instrumentation.js';
export type { AnthropicInstrumentationConfig } from './types.js';
