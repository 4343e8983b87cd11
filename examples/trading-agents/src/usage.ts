import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { LLMResult } from '@langchain/core/outputs';
import type { UsageTotals } from './pipeline.js';

/**
 * Adds up the token usage of the model calls of one analysis, for the stored row. This is app
 * bookkeeping, not telemetry: the metrics and spans come from the auto-instrumentation.
 */
export class UsageCollector extends BaseCallbackHandler {
  readonly name = 'usage_collector';

  constructor(private readonly totals: UsageTotals) {
    super();
  }

  override handleLLMEnd(output: LLMResult): void {
    for (const generation of output.generations.flat()) {
      const usage = (
        generation as { message?: { usage_metadata?: { input_tokens?: number; output_tokens?: number } } }
      ).message?.usage_metadata;
      this.totals.inputTokens += usage?.input_tokens ?? 0;
      this.totals.outputTokens += usage?.output_tokens ?? 0;
    }
  }
}
