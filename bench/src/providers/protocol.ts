/** What the providers parent sends to a worker (as JSON in `BENCH_PROVIDERS_CONFIG`) and gets back over IPC. */

export const FRAMEWORKS = ['openai', 'anthropic', 'google-genai', 'ai6', 'ai', 'openai-agents'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** Variants per framework: `baseline` first, `ours` second, then the peers that instrument it. */
export const VARIANTS = {
  openai: ['baseline', 'ours', 'traceloop-openai', 'openinference-openai', 'langfuse-openai'],
  anthropic: ['baseline', 'ours', 'traceloop-anthropic', 'openinference-anthropic'],
  'google-genai': ['baseline', 'ours'],
  ai6: ['baseline', 'ours', 'langfuse-ai-sdk'],
  ai: ['baseline', 'ours', 'ai-sdk-otel'],
  'openai-agents': ['baseline', 'ours', 'openinference-openai-agents'],
} as const satisfies Record<Framework, readonly string[]>;
export type Variant = (typeof VARIANTS)[Framework][number];

/** Frameworks whose SDK needs a newer Node than the bench's own (`ai` 7, `@ai-sdk/otel`, `@openai/agents`' openai 7). */
export const MIN_NODE_MAJOR: Partial<Record<Framework, number>> = { ai: 22, 'openai-agents': 22 };

export interface WorkerConfig {
  framework: Framework;
  variant: Variant;
  /** Base URL of testkit's loopback server for the framework's provider. */
  providerUrl: string;
  langfuseBaseUrl: string;
  langfusePublicKey: string;
  langfuseSecretKey: string;
  /** Calls before measuring, to warm the JIT, the HTTP agent and the exporters. */
  warmupCalls: number;
  /** Measured calls: even ones non-streamed, odd ones streamed (read to the end). */
  calls: number;
}

export interface WorkerResult {
  variant: Variant;
  /** `process.version` of the worker. */
  node: string;
  calls: number;
  /** User + system CPU of the worker process over the call loop and the final flush, µs. */
  cpuUs: number;
  /** Wall time of the same window, µs. */
  wallUs: number;
  /** Ours only: `tradingagents_llm_requests_total` scraped after the window (warm-up included). */
  llmRequestsCounted: number | null;
}
