import type { OpenAIInstrumentationConfig } from './types.js';

/** Environment variables this instrumentation reads. */
export type OpenAIInstrumentationEnvKey = 'TRADINGAGENTS_OPENAI_INCLUDE_STREAM_USAGE';

function envBool(key: OpenAIInstrumentationEnvKey): boolean | undefined {
  const raw = process.env[key]?.trim().toLowerCase();
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return undefined;
}

/** Resolved options: option ?? env ?? default. */
export interface ResolvedOpenAIConfig {
  readonly includeStreamUsage: boolean;
}

export function resolveOpenAIConfig(config: OpenAIInstrumentationConfig): ResolvedOpenAIConfig {
  return Object.freeze({
    includeStreamUsage:
      config.includeStreamUsage ?? envBool('TRADINGAGENTS_OPENAI_INCLUDE_STREAM_USAGE') ?? false,
  });
}
