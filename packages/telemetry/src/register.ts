/**
 * Zero-code entry: `node --import @tradingagents/telemetry/register app.mjs` (ESM) or
 * `node --require @tradingagents/telemetry/register app.js` (CJS). Configured by env vars only.
 * Under `--import` it also installs the `import-in-the-middle` loader hook so that ESM imports of
 * LangChain and OpenAI are instrumented.
 */
import { register as registerLoader } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { registerTradingAgentsTelemetry } from './register-telemetry.js';

function installEsmHook(): void {
  // `module.register` exists from Node 20.6; in a CJS `--require` context the ESM hook is not needed.
  if (typeof registerLoader !== 'function') return;
  try {
    registerLoader('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  } catch (error) {
    diag.warn('@tradingagents/telemetry: could not install the import-in-the-middle ESM hook', error);
  }
}

// Node also runs `--require` preloads in worker threads, the `module.register()` hooks thread
// included: there a second SDK would take the /metrics port before the app's main thread does.
if (isMainThread) {
  installEsmHook();
  try {
    registerTradingAgentsTelemetry();
  } catch (error) {
    // Env-only configuration cannot be "explicitly invalid"; still, never break the host app at start-up.
    diag.error('@tradingagents/telemetry/register: telemetry could not start', error);
  }
}
