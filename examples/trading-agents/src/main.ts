/**
 * Entry point. Telemetry must be registered BEFORE LangChain, OpenAI and pg are loaded, because the
 * instrumentations patch those modules as they load; so this file imports only the CLI, the data
 * set and the SDK, registers, and then imports the app dynamically.
 */
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { registerTradingAgentsTelemetry } from '@tradingagents/telemetry';
import { type DemoOptions, parseCli, USAGE, UsageError } from './cli.js';
import { MarketData } from './data.js';

/** Days of history the indicators need before the trade date (MACD 26+9, SMA 50). */
const MIN_HISTORY = 50;

function fail(message: string): never {
  console.error(`error: ${message}\nRun with --help to list the options.`);
  process.exit(2);
}

// `pnpm demo -- --once` passes the separator through; accept it.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

let options: DemoOptions | undefined;
try {
  options = parseCli(argv);
} catch (error) {
  if (error instanceof UsageError) fail(error.message);
  throw error;
}
if (options === undefined) {
  console.log(USAGE);
  process.exit(0);
}

const data = MarketData.load();
const unknown = options.tickers.filter((t) => !data.has(t));
if (unknown.length > 0) {
  fail(
    `unknown ticker${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the bundled data has ${data.tickers.join(', ')}`,
  );
}
for (const ticker of options.tickers) {
  const { first, last } = data.range(ticker);
  const index = data.indexOn(ticker, options.date);
  if (index < MIN_HISTORY || options.date > last) {
    const earliest = data.ticker(ticker).prices[MIN_HISTORY][0];
    fail(
      `--date ${options.date} is outside the bundled data of ${ticker} (${earliest} to ${last}; data from ${first})`,
    );
  }
}

// The plain call finds the app's own `@langchain/*` and `openai` modules (ESM included, whether
// imported before or after it); `pg` is required, so its CommonJS require hook patches it. The
// OpenAI Agents SDK is found through the trace provider its import makes (an ES module app imports
// it before the call), so that provider imports it first; `ai` needs no order (a global list).
if (options.provider === 'openai-agents') await import('@openai/agents');
const telemetry = registerTradingAgentsTelemetry({
  serviceVersion: '0.1.0',
  ...(options.metricsPort === undefined ? {} : { metrics: { port: options.metricsPort } }),
  instrumentations: [new PgInstrumentation()],
});

const { runDemo } = await import('./app.js');
process.exit(await runDemo({ options, data, telemetry }));
