import { diag } from '@opentelemetry/api';
import { computeCost } from './cost.js';
import { createPriceResolver } from './resolve.js';
import type { CostBreakdown, ModelPrice, TokenUsage } from './types.js';

/** How many distinct unknown models are reported before we stop (each once). */
const MAX_REPORTED_UNKNOWN = 1000;

/**
 * Prices model calls from the bundled table and the user's overrides, and reports each model it
 * cannot price once (by its requested name), so that a missing price is seen rather than silently 0.
 */
export class Pricer {
  private readonly priceOf: (model: string) => ModelPrice | undefined;
  private readonly unknownModels = new Set<string>();

  constructor(overrides: Readonly<Record<string, ModelPrice>>) {
    this.priceOf = createPriceResolver(overrides);
  }

  /**
   * The cost of `usage`, priced by the first of `models` the table knows (pass the served snapshot,
   * then the requested model), or `undefined` when none is known.
   */
  costOf(usage: TokenUsage, ...models: (string | undefined)[]): CostBreakdown | undefined {
    for (const model of models) {
      const price = model === undefined ? undefined : this.priceOf(model);
      if (price !== undefined) return computeCost(usage, price);
    }
    this.reportUnknown(models.at(-1) ?? 'unknown');
    return undefined;
  }

  private reportUnknown(model: string): void {
    if (this.unknownModels.has(model) || this.unknownModels.size >= MAX_REPORTED_UNKNOWN) return;
    this.unknownModels.add(model);
    diag.warn(
      `@tradingagents/telemetry: no price for model ${JSON.stringify(model.slice(0, 128))}; its cost is recorded as 0. Pass \`prices\` to add it.`,
    );
  }
}
