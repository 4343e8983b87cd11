import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from './config.js';
import { log } from './diag-logger.js';
import type { TradingAgentsInstrumentationPackage as InstrumentationModule } from './instrumentation-contract.js';

/** Our optional peer (package.json `peerDependenciesMeta`), loaded here and nowhere else. */
const PACKAGE = '@tradingagents/instrumentation';

let loaded: InstrumentationModule | null | undefined;

const FRAMEWORKS = [
  '@langchain/core',
  '@langchain/langgraph',
  'openai',
  '@google/genai',
  '@anthropic-ai/sdk',
  '@openai/agents',
  'ai',
  PACKAGE,
];

/**
 * Not installed is fine for an app without LangChain or OpenAI (debug line). An app whose
 * package.json names them, where the package cannot be loaded, is most likely a bundle: say so once.
 */
function reportMissing(): void {
  let declared: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    declared = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) };
  } catch {
    // no package.json: nothing to go by
  }
  const named = FRAMEWORKS.filter((name) => name in declared);
  if (named.length === 0) {
    log.debug(`@tradingagents/telemetry: ${PACKAGE} is not installed; no framework auto-instrumentation.`);
    return;
  }
  log.warn(
    `@tradingagents/telemetry: ${named.join(', ')} not instrumented: ${PACKAGE} cannot be loaded from ${process.cwd()} ` +
      '(a bundle?). Pass its instrumentations in `instrumentations` and call manuallyInstrument() (see the README, "Bundlers").',
  );
}

/**
 * `@tradingagents/instrumentation` when it is installed, looked up from the app's directory first,
 * then from this package. Synchronous on purpose: hooks must be in place before the app loads
 * LangChain or OpenAI.
 */
function instrumentationPackage(): InstrumentationModule | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  for (const base of [join(process.cwd(), 'index.js'), import.meta.url]) {
    try {
      loaded = createRequire(base)(PACKAGE) as InstrumentationModule;
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND') {
        log.warn(`@tradingagents/telemetry: could not load ${PACKAGE}`, error);
        break;
      }
    }
  }
  if (loaded === null) reportMissing();
  return loaded ?? undefined;
}

/**
 * Registers the instrumentation package's ESM loader hook, which sees only the files we patch
 * (an include list; every other module loads untouched). Used by the `--import`/`--require` entry.
 */
export function installLoaderHook(): void {
  try {
    instrumentationPackage()?.registerLoaderHook?.();
  } catch (error) {
    log.warn('@tradingagents/telemetry: could not register the ESM loader hook', error);
  }
}

/** The framework instrumentations of `@tradingagents/instrumentation` (none when it is not installed). */
export function loadAutoInstrumentations(config: ResolvedConfig['autoInstrument']): Instrumentation[] {
  if (!Object.values(config).some(Boolean)) return [];
  const mod = instrumentationPackage();
  if (mod === undefined) return [];
  try {
    return mod.createTradingAgentsInstrumentations(config);
  } catch (error) {
    log.warn(`@tradingagents/telemetry: ${PACKAGE} failed to create its instrumentations`, error);
    return [];
  }
}

/**
 * Connects enabled instrumentations to the modules they patch: those the loader hook announces,
 * CommonJS modules already loaded, and with `findAppModules` (the plain call) the app's own ES
 * module instances, so that import order does not matter.
 */
export function attachAutoInstrumentations(
  instrumentations: readonly Instrumentation[],
  findAppModules: boolean,
): () => void {
  const attach = instrumentationPackage()?.attachInstrumentations;
  if (attach === undefined || instrumentations.length === 0) return () => {};
  try {
    return attach(instrumentations, { findAppModules }).detach;
  } catch (error) {
    log.warn('@tradingagents/telemetry: attaching the instrumentations failed', error);
    return () => {};
  }
}
