export { computeCost } from './cost.js';
export { normalizeModelName } from './normalize.js';
export { PRICE_TABLE, PRICE_TABLE_VERSION } from './price-table.js';
export type { PriceResolver, PriceResolverOptions } from './resolve.js';
export { createPriceResolver, validateModelPrice } from './resolve.js';
export type { CostBreakdown, ModelPrice, PriceTier, TokenUsage } from './types.js';
