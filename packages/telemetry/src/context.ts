import { type Context, createContextKey } from '@opentelemetry/api';
import { getWorkflowState } from './workflow-state.js';

/** Per-analysis state carried in the OTel context of everything that runs inside it. */
export interface AnalysisState {
  readonly ticker: string;
  /** Trace-level attributes copied onto every span started inside the analysis. */
  readonly traceAttributes: Readonly<Record<string, string | string[]>>;
  /** Sum of the LLM costs recorded inside this analysis, in USD. */
  costUsd: number;
}

const ANALYSIS_KEY = createContextKey('tradingagents.analysis');
const AGENT_KEY = createContextKey('tradingagents.agent');
const GENERATION_KEY = createContextKey('tradingagents.generation');

export function getAnalysisState(ctx: Context): AnalysisState | undefined {
  return ctx.getValue(ANALYSIS_KEY) as AnalysisState | undefined;
}

export function setAnalysisState(ctx: Context, state: AnalysisState): Context {
  return ctx.setValue(ANALYSIS_KEY, state);
}

/** The name of the agent enclosing `ctx`, used to attribute LLM and tool metrics. */
export function getAgentName(ctx: Context): string | undefined {
  return ctx.getValue(AGENT_KEY) as string | undefined;
}

export function setAgentName(ctx: Context, name: string): Context {
  return ctx.setValue(AGENT_KEY, name);
}

/**
 * Marks a context as being inside a generation, so that a lower layer (the OpenAI SDK under a
 * LangChain chat model) can tell that the call is already being recorded and not record it twice.
 */
export function isInsideGeneration(ctx: Context): boolean {
  return ctx.getValue(GENERATION_KEY) === true;
}

export function markInsideGeneration(ctx: Context): Context {
  return ctx.setValue(GENERATION_KEY, true);
}

/**
 * Whether `ctx` is inside one of our own runs (an analysis, a workflow or an agent): a LangChain
 * root run started there belongs to it; elsewhere (no span, or only the app's own spans) it is a
 * workflow of its own.
 */
export function isInsideTrackedRun(ctx: Context): boolean {
  return (
    getAnalysisState(ctx) !== undefined ||
    getAgentName(ctx) !== undefined ||
    getWorkflowState(ctx) !== undefined
  );
}
