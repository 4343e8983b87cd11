export { computeCost } from './cost.js';
export { PRICE_TABLE, PRICE_TABLE_VERSION } from './price-table.js';
export type { PriceResolver, PriceResolverOptions } from './resolve.js';
export { createPriceResolver, normalizeModelName, validateModelPrice } from './resolve.js';
export type { CostBreakdown, ModelPrice, TokenUsage } from './types.js';
