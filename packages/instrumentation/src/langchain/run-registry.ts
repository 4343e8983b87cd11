import type { Context } from '@opentelemetry/api';
import type { GenerationScope } from '@tradingagents/telemetry';

/** What the handler keeps per LangChain run id until the run ends. */
export interface RunEntry {
  /** The context children of this run start in (the run's own span, or its parent's context). */
  readonly ctx: Context;
  /** The scope to end with the run, if this run opened one. */
  readonly end?: (error?: unknown) => void;
  /** The LangGraph task this run belongs to (`langgraph_checkpoint_ns`), to tell a node from its inner runs. */
  readonly task?: string;
  /** For model runs: marks the first streamed token. */
  readonly markFirstToken?: () => void;
  /** For model runs: set once the first token is seen. */
  tokenSeen?: boolean;
  /** For model runs: the generation scope, fed at the end. */
  readonly generation?: Pick<GenerationScope, 'setUsage' | 'setResponse' | 'setOutput'>;
  /** For tool runs: records the tool's result (captured only when content capture is on). */
  readonly setOutput?: (output: unknown) => void;
}

/**
 * Runs in flight, by run id. Bounded: a run whose end LangChain never reports (a crashed handler, an
 * abandoned stream) must not grow memory forever, so past the bound the oldest entries are dropped.
 */
export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();

  constructor(private readonly maxRuns = 10_000) {}

  get(runId: unknown): RunEntry | undefined {
    return typeof runId === 'string' ? this.runs.get(runId) : undefined;
  }

  set(runId: string, entry: RunEntry): void {
    this.runs.set(runId, entry);
    if (this.runs.size > this.maxRuns) {
      const oldest = this.runs.keys().next().value;
      if (oldest !== undefined) this.runs.delete(oldest);
    }
  }

  /** Removes and returns the entry of a finished run. */
  take(runId: unknown): RunEntry | undefined {
    if (typeof runId !== 'string') return undefined;
    const entry = this.runs.get(runId);
    this.runs.delete(runId);
    return entry;
  }

  get size(): number {
    return this.runs.size;
  }
}
