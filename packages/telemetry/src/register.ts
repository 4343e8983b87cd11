/**
 * Zero-code entry: `node --import @tradingagents/telemetry/register app.mjs` (ESM) or
 * `node --require @tradingagents/telemetry/register app.js` (CJS). Configured by env vars only.
 * It registers the instrumentation package's ESM loader hook, which sees only the files we patch,
 * then starts telemetry; CommonJS loads are seen by the require hook.
 */
import { isMainThread } from 'node:worker_threads';
import { installLoaderHook } from './auto-instrumentations.js';
import { log } from './diag-logger.js';
import { markPreloaded } from './global.js';
import { registerTradingAgentsTelemetry } from './register-telemetry.js';

// Node also runs `--require` preloads in worker threads, the `module.register()` hooks thread
// included: there a second SDK would take the /metrics port before the app's main thread does.
if (isMainThread) {
  markPreloaded();
  installLoaderHook();
  try {
    registerTradingAgentsTelemetry();
  } catch (error) {
    // Env-only configuration cannot be "explicitly invalid"; still, never break the host app at start-up.
    log.error('@tradingagents/telemetry/register: telemetry could not start', error);
  }
}
