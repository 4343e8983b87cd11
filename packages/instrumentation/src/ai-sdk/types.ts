import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of the Vercel AI SDK instrumentation (the common `enabled` only, for now). */
export interface AiSdkInstrumentationConfig extends InstrumentationConfig {}
