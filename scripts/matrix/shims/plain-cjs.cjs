// The plain call from a CommonJS app: register first, then the app requires its frameworks.
const { resolve } = require('node:path');
require('@tradingagents/telemetry').registerTradingAgentsTelemetry();
const [app] = process.argv.splice(2, 1);
require(resolve(app));
