import type { Context } from '@opentelemetry/api';
import type { GenerationScope } from '@tradingagents/telemetry/instrumentation-api';

/** What the handler keeps per LangChain run that owns an entry, until the run ends. */
export interface RunEntry {
  /** The run id that owns this entry; runs aliased to it (see {@link RunRegistry.alias}) do not. */
  readonly owner: string;
  /**
   * The context children of this run start in (the run's own span, or its parent's context). A
   * graph run's entry moves into the agent it becomes (see {@link RunEntry.graph}).
   */
  ctx: Context;
  /** The scope to end with the run, if this run opened one. */
  readonly end?: (error?: unknown) => void;
  /** The LangGraph task this run belongs to (`langgraph_checkpoint_ns`), to tell a node from its inner runs. */
  readonly task: string | undefined;
  /**
   * The agent this run is part of, as the graph structure says (a node recorded as an agent, the
   * plumbing nodes of that agent, a named graph that became an agent). Not set for tool and model runs.
   */
  agent?: string;
  /**
   * For a graph run not inside an agent: its name (`lc_agent_name`, or a name given at `compile()`),
   * so that it becomes that agent when a node of a prebuilt agent (`agent`, `tools`…) runs in it.
   */
  graph?: string;
  /** For a graph run: when it started (ms since the epoch), the start of the agent it may become. */
  startedAt?: number;
  /** The agent scope a graph run became, ended before {@link RunEntry.end}. */
  endAgent?: (error?: unknown) => void;
  /** For model runs: the generation scope, fed at the end. */
  readonly generation?: Pick<GenerationScope, 'setUsage' | 'setResponse' | 'setOutput' | 'markFirstToken'>;
  /** For model runs: the context the model run started in (its requester, for the tool calls it makes). */
  readonly parentCtx?: Context;
  /** For model runs: set once the first token is seen. */
  tokenSeen?: boolean;
  /** For streamed model runs: the usage the chunks carried so far (used if the stream is stopped early). */
  streamUsage?: Record<string, unknown>;
  /** For tool runs: records the tool's result (captured only when content capture is on). */
  readonly setOutput?: (output: unknown) => void;
}

/** Ends what `entry` opened: the agent a graph run became, then the run's own scope. */
export function endEntry(entry: RunEntry, error?: unknown): void {
  entry.endAgent?.(error);
  entry.end?.(error);
}

/**
 * Runs in flight, by run id. A run that opens no scope of its own (a chain inside a node, a
 * LangGraph-internal run) is an alias of its nearest ancestor's entry: no allocation, and its
 * children still resolve to the right agent. Bounded: a run whose end LangChain never reports (a
 * crashed handler, an abandoned stream) must not grow memory forever, so past the bound the oldest
 * entries are dropped.
 */
export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();

  constructor(private readonly maxRuns = 10_000) {}

  get(runId: unknown): RunEntry | undefined {
    return typeof runId === 'string' ? this.runs.get(runId) : undefined;
  }

  /** Records the entry of a run (`entry.owner` is `runId`). */
  set(entry: RunEntry): void {
    this.put(entry.owner, entry);
  }

  /** Makes `runId` resolve to `ancestor`'s entry; ending `runId` ends nothing. */
  alias(runId: string, ancestor: RunEntry): void {
    this.put(runId, ancestor);
  }

  /** Removes a finished run; returns its entry only if the run owns it (not for an alias). */
  take(runId: unknown): RunEntry | undefined {
    if (typeof runId !== 'string') return undefined;
    const entry = this.runs.get(runId);
    if (entry === undefined) return undefined;
    this.runs.delete(runId);
    return entry.owner === runId ? entry : undefined;
  }

  get size(): number {
    return this.runs.size;
  }

  private put(runId: string, entry: RunEntry): void {
    this.runs.set(runId, entry);
    if (this.runs.size > this.maxRuns) {
      const oldest = this.runs.keys().next().value;
      if (oldest !== undefined) this.runs.delete(oldest);
    }
  }
}
