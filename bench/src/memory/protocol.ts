export const MEMORY_VARIANTS = ['ours-recorder', 'ours-spans', 'prom-client'] as const;
export type MemoryVariant = (typeof MEMORY_VARIANTS)[number];

export interface MemoryConfig {
  variant: MemoryVariant;
  analyses: number;
  tickers: number;
  checkpoints: number;
}

export interface MemoryResult {
  variant: MemoryVariant;
  /** heapUsed after `global.gc()`, MiB, before any analysis and then at each checkpoint. */
  checkpoints: { analyses: number; heapUsedMiB: number }[];
  /** Series the variant ends up exporting for `tradingagents_analyses_total`. */
  analysesSeries: number;
  seconds: number;
}
