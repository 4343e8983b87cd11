// The plain call from an ES module app: static imports are hoisted, so the frameworks load
// before registerTradingAgentsTelemetry() runs; the app's own code follows.
import '@langchain/core/runnables';
import '@langchain/langgraph';
import '@langchain/openai';
import 'openai';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerTradingAgentsTelemetry } from '@tradingagents/telemetry';

// Optional in a cell (only some install it), so not a static import; loaded before the call all the same.
await import('@google/genai').catch(() => undefined);
registerTradingAgentsTelemetry();
const [app] = process.argv.splice(2, 1);
await import(pathToFileURL(resolve(app)).href);
