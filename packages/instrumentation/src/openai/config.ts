import type { EnvSource } from '@tradingagents/telemetry/instrumentation-api';
import { instrumentationEnv } from '../shared/env.js';
import type { OpenAIInstrumentationConfig } from './types.js';

/** Environment variables this instrumentation reads. */
export type OpenAIInstrumentationEnvKey = 'TRADINGAGENTS_OPENAI_INCLUDE_STREAM_USAGE';

/** Resolved options: option ?? env ?? default. */
export interface ResolvedOpenAIConfig {
  readonly includeStreamUsage: boolean;
}

export function resolveOpenAIConfig(
  config: OpenAIInstrumentationConfig,
  env: EnvSource = process.env,
): ResolvedOpenAIConfig {
  const read = instrumentationEnv<OpenAIInstrumentationEnvKey>(env);
  return Object.freeze({
    includeStreamUsage:
      config.includeStreamUsage ?? read.boolean('TRADINGAGENTS_OPENAI_INCLUDE_STREAM_USAGE') ?? false,
  });
}
