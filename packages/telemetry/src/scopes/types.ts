import type { Context, Span } from '@opentelemetry/api';
import type { TokenUsage } from '../pricing/types.js';

/** Trace-level information of one analysis. */
export interface AnalysisInfo {
  /** The instrument analysed; a bounded metric label and part of the trace name `analysis <ticker>`. */
  ticker: string;
  /** The trade date analysed (ISO date). */
  tradeDate?: string;
  /** Langfuse session id (e.g. one user's run of several tickers). */
  sessionId?: string;
  /** Langfuse user id. */
  userId?: string;
  /** Langfuse trace tags. */
  tags?: string[];
  /** Trace name; defaults to `analysis <ticker>`. */
  name?: string;
  /** Extra trace metadata (not metric labels). */
  metadata?: Readonly<Record<string, string | number | boolean>>;
}

/** Where a scope is started: by default under the active context. */
export interface StartOptions {
  parentContext?: Context;
  /** Start time in ms since the epoch (for instrumentations that learn of a run late). */
  startTime?: number;
}

interface BaseScope {
  /** The OTel context to run child work in. */
  readonly context: Context;
  /** The span, or a non-recording span when telemetry is off. */
  readonly span: Span;
  /** Ends the scope; idempotent. Pass the error when the work failed. */
  end(error?: unknown): void;
}

/** One analysis in progress (see `trackAnalysis`): its span, context, decision, output and cost so far. */
export interface AnalysisScope extends BaseScope {
  /** Records the final trade decision (BUY / SELL / HOLD) of this analysis. */
  setDecision(decision: string): void;
  /** Sets the trace output (captured only when content capture is on). */
  setOutput(output: unknown): void;
  /** The LLM cost recorded inside this analysis so far, in USD. */
  readonly costUsd: number;
}

/** One run of a workflow: a graph or pipeline invocation that is not an analysis. */
export interface WorkflowScope extends BaseScope {
  /** The workflow name, as on the `workflow` label and the Langfuse trace name. */
  readonly workflowName: string;
  /** The LLM cost recorded inside this run so far, in USD. */
  readonly costUsd: number;
}

/** One agent execution in progress (see `trackAgent`); LLM calls and tools inside are attributed to it. */
export interface AgentScope extends BaseScope {
  /** The agent name, as on the `agent_name` label and `gen_ai.agent.name`. */
  readonly agentName: string;
}

/** One tool call in progress (see `trackTool`). */
export interface ToolScope extends BaseScope {
  /** The tool name, as on the `tool` label and `gen_ai.tool.name`. */
  readonly toolName: string;
  /** Sets the tool's output (captured only when content capture is on). */
  setOutput(output: unknown): void;
}

/** Describes one model call. */
export interface GenerationInfo {
  /** Requested model name. */
  model: string;
  /** `gen_ai.provider.name`, e.g. `openai`, `anthropic`, `gcp.gemini`. @default 'openai' */
  provider?: string;
  /** `gen_ai.operation.name`. @default 'chat' */
  operation?: 'chat' | 'text_completion' | 'embeddings' | 'generate_content';
  /** Span name; defaults to `<operation> <model>`. */
  name?: string;
  /** Prompt / input messages (captured only when content capture is on). */
  input?: unknown;
  /** Request parameters such as temperature and max_tokens. */
  modelParameters?: Readonly<Record<string, string | number | boolean>>;
  /** Override the agent the call is attributed to (default: the enclosing agent). */
  agentName?: string;
}

/** What the provider answered, for the span: the served model snapshot, the response id, why it stopped. */
export interface GenerationResponse {
  model?: string;
  id?: string;
  finishReasons?: string[];
}

/** One model call in progress (see `trackLlmCall`): report usage and the response, then end it. */
export interface GenerationScope extends BaseScope {
  /** Sets usage from our shape or from an OpenAI / LangChain / Anthropic usage object. */
  setUsage(usage: TokenUsage | object): void;
  setResponse(response: GenerationResponse): void;
  /** Completion content (captured only when content capture is on). */
  setOutput(output: unknown): void;
  /** Marks the arrival of the first streamed token (Langfuse time-to-first-token). */
  markFirstToken(): void;
  /** The cost computed at `end()`, in USD (0 before). */
  readonly costUsd: number;
}
