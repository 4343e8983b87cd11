/**
 * `@tradingagents/telemetry/pricing`: the bundled price table and the cost function the SDK prices
 * every model call with, for apps that want the same numbers elsewhere.
 */
export type {
  CostBreakdown,
  ModelPrice,
  PriceResolver,
  PriceResolverOptions,
  PriceTier,
  TokenUsage,
} from './pricing/index.js';
export {
  computeCost,
  createPriceResolver,
  normalizeModelName,
  PRICE_TABLE,
  PRICE_TABLE_VERSION,
} from './pricing/index.js';
