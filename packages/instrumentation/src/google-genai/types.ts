import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of the Google GenAI SDK instrumentation (the common `enabled` only, for now). */
export interface GoogleGenAIInstrumentationConfig extends InstrumentationConfig {}
