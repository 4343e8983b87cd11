import { context, SpanKind, trace } from '@opentelemetry/api';
import { type AnalysisState, setAnalysisState } from '../context.js';
import type { TelemetryRuntime } from '../runtime.js';
import * as sc from '../semconv.js';
import { analysisInput, analysisSpanAttributes, analysisTraceAttributes } from './langfuse-attributes.js';
import { SpanScope } from './span-scope.js';
import { nameOr, nowSeconds, validStartTime } from './span-status.js';
import type { AnalysisInfo, AnalysisScope, StartOptions } from './types.js';

/**
 * One analysis: the root `chain` span that names the Langfuse trace, the active-analyses gauge, and
 * at the end the analyses counter, duration and cost (the sum of the generations inside it).
 */
export class AnalysisSpanScope extends SpanScope implements AnalysisScope {
  private readonly state: AnalysisState;
  private readonly started = nowSeconds();

  constructor(runtime: TelemetryRuntime, info: AnalysisInfo, options: StartOptions = {}) {
    const parent = options.parentContext ?? context.active();
    const ticker = typeof info?.ticker === 'string' ? info.ticker : String(info?.ticker);
    const traceName = nameOr(info.name, `analysis ${ticker}`);
    const traceAttributes = analysisTraceAttributes(info, traceName);
    const span = runtime.tracer.startSpan(
      traceName,
      {
        kind: SpanKind.INTERNAL,
        startTime: validStartTime(options.startTime),
        attributes: { ...traceAttributes, ...analysisSpanAttributes(info, ticker) },
      },
      parent,
    );
    const state: AnalysisState = { ticker, traceAttributes, costUsd: 0 };
    super(runtime, 'analysis', span, setAnalysisState(trace.setSpan(parent, span), state));
    this.state = state;
    // Langfuse's OTel write path reads input/output from observations (the trace-level keys are
    // dropped on its events-only path), so both carry them.
    if (runtime.config.content.capture) {
      this.setContent(
        [sc.ATTR_LANGFUSE_OBSERVATION_INPUT, sc.ATTR_LANGFUSE_TRACE_INPUT],
        analysisInput(info, ticker),
      );
    }
    runtime.guard('metrics', () => runtime.recorder.analysisStarted());
  }

  /** The LLM cost recorded inside this analysis so far, in USD. */
  get costUsd(): number {
    return this.state.costUsd;
  }

  readonly setDecision = (decision: string): void =>
    this.runtime.guard('analysis', () => {
      this.span.setAttribute(sc.ATTR_TRADINGAGENTS_DECISION, String(decision));
      this.runtime.recorder.tradeDecision(decision);
    });

  /** Sets the analysis output, on its observation and on the trace (captured only when content capture is on). */
  readonly setOutput = (output: unknown): void =>
    this.setContent([sc.ATTR_LANGFUSE_OBSERVATION_OUTPUT, sc.ATTR_LANGFUSE_TRACE_OUTPUT], output);

  protected finish(error: unknown): void {
    const { ticker, costUsd } = this.state;
    this.span.setAttribute(sc.ATTR_TRADINGAGENTS_ANALYSIS_COST, costUsd);
    this.runtime.recorder.analysisEnded(
      ticker,
      error === undefined,
      nowSeconds() - this.started,
      costUsd,
      this.span,
    );
  }
}
