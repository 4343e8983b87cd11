import { log } from '../shared/safe.js';
import type { LangChainInstrumentationConfig, LangChainMode } from './types.js';

/** Environment variables this instrumentation reads. */
export type LangChainInstrumentationEnvKey = 'TRADINGAGENTS_LANGCHAIN_MODE';

const MODES: readonly LangChainMode[] = ['callbacks', 'direct'];

function isMode(value: unknown): value is LangChainMode {
  return MODES.includes(value as LangChainMode);
}

function envMode(key: LangChainInstrumentationEnvKey): LangChainMode | undefined {
  const raw = process.env[key]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (isMode(raw)) return raw;
  log.warn(`${key}=${raw} is not one of ${MODES.join(', ')}; using the default.`);
  return undefined;
}

/**
 * The recording mode: option ?? env ?? `'callbacks'`. An explicitly passed invalid option is a
 * programmer error and throws; an invalid env value is logged and ignored.
 */
export function resolveLangChainMode(config: Pick<LangChainInstrumentationConfig, 'mode'>): LangChainMode {
  if (config.mode !== undefined && !isMode(config.mode)) {
    throw new TypeError(`LangChainInstrumentation: mode must be one of ${MODES.join(', ')}`);
  }
  return config.mode ?? envMode('TRADINGAGENTS_LANGCHAIN_MODE') ?? 'callbacks';
}
