// The plain call from an ES module app: static imports are hoisted, so the frameworks load
// before registerTradingAgentsTelemetry() runs; the app's own code follows.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerTradingAgentsTelemetry } from '@tradingagents/telemetry';

// Each is optional in a cell (an Agents SDK cell has no LangChain), so not a static import; loaded
// before the call all the same, in the order an app's hoisted imports would load them.
for (const framework of [
  '@langchain/core/runnables',
  '@langchain/langgraph',
  '@langchain/openai',
  'openai',
  '@google/genai',
  '@openai/agents',
]) {
  await import(framework).catch(() => undefined);
}
registerTradingAgentsTelemetry();
const [app] = process.argv.splice(2, 1);
await import(pathToFileURL(resolve(app)).href);
