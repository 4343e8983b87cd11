import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of the OpenAI Agents SDK instrumentation (only the common `enabled`). */
export type OpenAIAgentsInstrumentationConfig = InstrumentationConfig;

/** The Agents SDK's trace (`Trace` of `@openai/agents-core`), as far as we read it. */
export interface AgentsTrace {
  readonly traceId: string;
  readonly name?: string;
}

/** The Agents SDK's span (`Span` of `@openai/agents-core`), as far as we read it. */
export interface AgentsSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  readonly spanData: Record<string, unknown> & { type?: string };
  readonly startedAt?: string | null;
  readonly error?: { message?: string } | null;
  readonly previousSpan?: AgentsSpan;
}

/** The `TracingProcessor` interface of `@openai/agents-core`. */
export interface AgentsTracingProcessor {
  onTraceStart(trace: AgentsTrace): Promise<void>;
  onTraceEnd(trace: AgentsTrace): Promise<void>;
  onSpanStart(span: AgentsSpan): Promise<void>;
  onSpanEnd(span: AgentsSpan): Promise<void>;
  shutdown(timeout?: number): Promise<void>;
  forceFlush(): Promise<void>;
}

/** What we use of `@openai/agents-core`'s exports (CJS `exports` or ESM namespace). */
export interface OpenAIAgentsCoreModule {
  /** The provider class; its prototype is patched so that the global provider gets our processor. */
  TraceProvider?: { prototype: object };
  getCurrentSpan?: () => AgentsSpan | null;
  getCurrentTrace?: () => AgentsTrace | null;
}
