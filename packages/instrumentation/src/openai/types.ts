import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of the OpenAI Node SDK instrumentation. */
export interface OpenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * On streamed `chat.completions.create` calls that do not set `stream_options.include_usage`,
   * ask for it, so that the exact usage (and cost) is known. Off by default because the stream then
   * ends with one extra chunk whose `choices` is empty, which code reading `chunk.choices[0]`
   * without a check does not expect. The caller's params object is never mutated.
   * @default false (env `TRADINGAGENTS_OPENAI_INCLUDE_STREAM_USAGE`)
   */
  includeStreamUsage?: boolean;
}
