/** What the overhead parent sends to a worker (as JSON in `BENCH_OVERHEAD_CONFIG`) and gets back over IPC. */

export const VARIANTS = [
  'uninstrumented',
  'noop-handler',
  'noop-handler-await',
  'ours',
  'langfuse-langchain',
  'openinference',
  'traceloop',
] as const;
export type Variant = (typeof VARIANTS)[number];

export interface WorkerConfig {
  variant: Variant;
  openaiUrl: string;
  langfuseBaseUrl: string;
  langfusePublicKey: string;
  langfuseSecretKey: string;
  /** Analyses (graph runs) before measuring, to warm the JIT, the HTTP agent and the exporters. */
  warmupAnalyses: number;
  analyses: number;
  warmupCalls: number;
  /** Bare `ChatOpenAI.invoke` calls, outside any graph. */
  calls: number;
}

/** One measured window: everything the variant does, final flush included. */
export interface Window {
  iterations: number;
  /** Wall time of the whole window (final export flush included), µs. */
  wallUs: number;
  /** User + system CPU of the worker process over the window, µs. */
  cpuUs: number;
  /** Median wall time of one iteration, µs (latency as the caller sees it, exporter flushes excluded). */
  medianIterationUs: number;
}

export interface WorkerResult {
  variant: Variant;
  graph: Window;
  llm: Window;
  /** Agent steps, LLM calls and tool calls one graph run makes (checked by the worker). */
  perAnalysis: { agentSteps: number; llmCalls: number; toolCalls: number };
  heapUsedMiB: number;
}
