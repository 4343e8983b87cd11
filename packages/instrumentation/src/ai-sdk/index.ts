export type { AiSdkModules } from './instrumentation.js';
export { AiSdkInstrumentation, SUPPORTED_AI_SDK_VERSIONS } from './instrumentation.js';
export { getAiSdkTelemetryIntegration, getAiSdkTracer } from './registry.js';
export type { AiSdkInstrumentationConfig } from './types.js';
