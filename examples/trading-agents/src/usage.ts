import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { LLMResult } from '@langchain/core/outputs';

/**
 * Adds up the token usage of the model calls of one analysis, for the stored row. This is app
 * bookkeeping, not telemetry: the metrics and spans come from the auto-instrumentation.
 */
export class UsageCollector extends BaseCallbackHandler {
  readonly name = 'usage_collector';
  inputTokens = 0;
  outputTokens = 0;

  override handleLLMEnd(output: LLMResult): void {
    for (const generation of output.generations.flat()) {
      const usage = (
        generation as { message?: { usage_metadata?: { input_tokens?: number; output_tokens?: number } } }
      ).message?.usage_metadata;
      this.inputTokens += usage?.input_tokens ?? 0;
      this.outputTokens += usage?.output_tokens ?? 0;
    }
  }
}
