import { createRequire } from 'node:module';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from './config.js';

const PACKAGE = '@tradingagents/instrumentation';

interface InstrumentationModule {
  createTradingAgentsInstrumentations(options: ResolvedConfig['autoInstrument']): Instrumentation[];
}

/**
 * Loads the framework instrumentations from `@tradingagents/instrumentation` when it is installed
 * (looked up from the app's directory first, then from this package). Synchronous on purpose:
 * require hooks must be in place before the app loads LangChain or OpenAI.
 */
export function loadAutoInstrumentations(config: ResolvedConfig['autoInstrument']): Instrumentation[] {
  if (!config.langchain && !config.openai) return [];
  for (const base of [join(process.cwd(), 'index.js'), import.meta.url]) {
    let mod: InstrumentationModule;
    try {
      mod = createRequire(base)(PACKAGE) as InstrumentationModule;
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND') {
        diag.warn(`@tradingagents/telemetry: could not load ${PACKAGE}`, error);
        return [];
      }
      continue;
    }
    try {
      return mod.createTradingAgentsInstrumentations(config);
    } catch (error) {
      diag.warn(`@tradingagents/telemetry: ${PACKAGE} failed to create its instrumentations`, error);
      return [];
    }
  }
  diag.debug(`@tradingagents/telemetry: ${PACKAGE} is not installed; no framework auto-instrumentation.`);
  return [];
}
