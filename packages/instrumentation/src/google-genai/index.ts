export type { GoogleGenAIModule, GoogleGenAIModules } from './instrumentation.js';
export { GoogleGenAIInstrumentation, SUPPORTED_GOOGLE_GENAI_VERSIONS } from './instrumentation.js';
export type { GoogleGenAIInstrumentationConfig } from './types.js';
