import type { Attributes, Counter, Gauge, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { AttributeCache } from './attribute-cache.js';
import { foldEnum, LabelBound } from './cardinality.js';
import { METRICS, type MetricDefinition, TOKEN_TYPES, TRADE_DECISIONS, TRADE_OUTCOMES } from './catalogue.js';
import type { ResolvedConfig } from './config.js';
import type { TokenUsage } from './pricing/types.js';

/** One finished LLM call, as the recorder needs it. */
export interface LlmCallRecord {
  readonly model: string;
  readonly agentName: string | undefined;
  readonly provider: string;
  readonly operation: string;
  readonly ok: boolean;
  readonly errorType: string | undefined;
  readonly durationSeconds: number;
  readonly usage: Required<Pick<TokenUsage, 'input' | 'output'>> & TokenUsage;
  readonly costUsd: number;
}

const NO_AGENT = 'none';

/** Components that report caught internal errors (a closed set: it is a label). */
export const INTERNAL_COMPONENTS = [
  'metrics',
  'analysis',
  'agent',
  'tool',
  'generation',
  'record',
  'start',
] as const;
export type InternalComponent = (typeof INTERNAL_COMPONENTS)[number];
const OVERFLOW_LABELS = ['ticker', 'model', 'agent_name', 'tool', 'error_type'] as const;
const STATUS_OK = 'success';
const STATUS_ERROR = 'error';

function createInstrument(meter: Meter, def: MetricDefinition) {
  const options = {
    description: def.description,
    unit: def.unit,
    ...(def.buckets ? { advice: { explicitBucketBoundaries: [...def.buckets] } } : {}),
  };
  switch (def.kind) {
    case 'counter':
      return meter.createCounter(def.name, options);
    case 'histogram':
      return meter.createHistogram(def.name, options);
    case 'updowncounter':
      return meter.createUpDownCounter(def.name, options);
    case 'gauge':
      return meter.createGauge(def.name, options);
  }
}

/** A finite, non-negative number, else 0. */
export function safeAmount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The hot path: records every catalogue metric with bounded labels and cached attribute objects.
 * Never throws for bad input; bad numbers record as 0.
 */
export class MetricsRecorder {
  readonly tickers: LabelBound;
  readonly models: LabelBound;
  readonly agents: LabelBound;
  readonly tools: LabelBound;
  private readonly errorTypes: LabelBound;
  private readonly providers: LabelBound;
  private readonly operations: LabelBound;

  private readonly analyses: Counter;
  private readonly analysisDuration: Histogram;
  private readonly activeAnalyses: UpDownCounter;
  private readonly queueLength: Gauge;
  private readonly analysisCost: Histogram;
  private readonly agentExecutions: Counter;
  private readonly agentDuration: Histogram;
  private readonly llmRequests: Counter;
  private readonly llmTokens: Counter;
  private readonly llmCost: Counter;
  private readonly toolCalls: Counter;
  private readonly tradeDecisions: Counter;
  private readonly tradeOutcomes: Counter;
  private readonly feedbackScore: Histogram;
  private readonly genAiDuration: Histogram;
  private readonly genAiTokens: Histogram;
  private readonly labelOverflow: Counter;
  private readonly exportedSpans: Counter;
  private readonly internalErrors: Counter;

  private readonly attrs = {
    analyses: new AttributeCache(METRICS.analyses.attributeKeys),
    agentExecutions: new AttributeCache(METRICS.agentExecutions.attributeKeys),
    agentDuration: new AttributeCache(METRICS.agentDuration.attributeKeys),
    llmRequests: new AttributeCache(METRICS.llmRequests.attributeKeys),
    llmTokens: new AttributeCache(METRICS.llmTokens.attributeKeys),
    llmCost: new AttributeCache(METRICS.llmCost.attributeKeys),
    toolCalls: new AttributeCache(METRICS.toolCalls.attributeKeys),
    decisions: new AttributeCache(METRICS.tradeDecisions.attributeKeys),
    outcomes: new AttributeCache(METRICS.tradeOutcomes.attributeKeys),
    genAiDuration: new AttributeCache(METRICS.genAiOperationDuration.attributeKeys),
    genAiTokens: new AttributeCache(METRICS.genAiTokenUsage.attributeKeys),
    overflow: new AttributeCache(METRICS.labelOverflow.attributeKeys),
    exported: new AttributeCache(METRICS.exportedSpans.attributeKeys),
    internal: new AttributeCache(METRICS.internalErrors.attributeKeys),
  };
  private readonly emptyAttrs: Attributes = Object.freeze({});

  constructor(meter: Meter, cardinality: ResolvedConfig['cardinality']) {
    const overflow = (label: string) => {
      const attrs = this.attrs.overflow.get(label);
      return () => this.labelOverflow.add(1, attrs);
    };
    this.tickers = new LabelBound(cardinality.maxTickers, overflow('ticker'));
    this.models = new LabelBound(cardinality.maxModels, overflow('model'));
    this.agents = new LabelBound(cardinality.maxAgents, overflow('agent_name'));
    this.tools = new LabelBound(cardinality.maxTools, overflow('tool'));
    this.errorTypes = new LabelBound(20, overflow('error_type'));
    // `provider` and `operation` come from user input (GenerationInfo) too: unsanitised, a Symbol or a
    // function there made every later /metrics scrape throw in the Prometheus serializer (an unhandled
    // rejection in the app), and any string grew the series without bound (fault-injection fuzz).
    this.providers = new LabelBound(20, overflow('gen_ai_provider_name'));
    this.operations = new LabelBound(20, overflow('gen_ai_operation_name'));

    this.analyses = createInstrument(meter, METRICS.analyses) as Counter;
    this.analysisDuration = createInstrument(meter, METRICS.analysisDuration) as Histogram;
    this.activeAnalyses = createInstrument(meter, METRICS.activeAnalyses) as UpDownCounter;
    this.queueLength = createInstrument(meter, METRICS.queueLength) as Gauge;
    this.analysisCost = createInstrument(meter, METRICS.analysisCost) as Histogram;
    this.agentExecutions = createInstrument(meter, METRICS.agentExecutions) as Counter;
    this.agentDuration = createInstrument(meter, METRICS.agentDuration) as Histogram;
    this.llmRequests = createInstrument(meter, METRICS.llmRequests) as Counter;
    this.llmTokens = createInstrument(meter, METRICS.llmTokens) as Counter;
    this.llmCost = createInstrument(meter, METRICS.llmCost) as Counter;
    this.toolCalls = createInstrument(meter, METRICS.toolCalls) as Counter;
    this.tradeDecisions = createInstrument(meter, METRICS.tradeDecisions) as Counter;
    this.tradeOutcomes = createInstrument(meter, METRICS.tradeOutcomes) as Counter;
    this.feedbackScore = createInstrument(meter, METRICS.feedbackScore) as Histogram;
    this.genAiDuration = createInstrument(meter, METRICS.genAiOperationDuration) as Histogram;
    this.genAiTokens = createInstrument(meter, METRICS.genAiTokenUsage) as Histogram;
    this.labelOverflow = createInstrument(meter, METRICS.labelOverflow) as Counter;
    this.exportedSpans = createInstrument(meter, METRICS.exportedSpans) as Counter;
    this.internalErrors = createInstrument(meter, METRICS.internalErrors) as Counter;

    // Start self-metric series at 0 so that rate()/increase() and absence alerts work from the first scrape.
    for (const label of OVERFLOW_LABELS) this.labelOverflow.add(0, this.attrs.overflow.get(label));
    for (const component of INTERNAL_COMPONENTS)
      this.internalErrors.add(0, this.attrs.internal.get(component));
  }

  /** Starts the export counters of a configured exporter at 0. */
  exporterConfigured(exporter: 'langfuse' | 'otlp'): void {
    this.exportedSpans.add(0, this.attrs.exported.get(exporter, 'success'));
    this.exportedSpans.add(0, this.attrs.exported.get(exporter, 'failure'));
  }

  analysisStarted(): void {
    this.activeAnalyses.add(1, this.emptyAttrs);
  }

  analysisEnded(ticker: string, ok: boolean, durationSeconds: number, costUsd: number): void {
    const status = ok ? STATUS_OK : STATUS_ERROR;
    const attrs = this.attrs.analyses.get(this.tickers.fold(ticker), status);
    this.activeAnalyses.add(-1, this.emptyAttrs);
    this.analyses.add(1, attrs);
    this.analysisDuration.record(safeAmount(durationSeconds), attrs);
    this.analysisCost.record(safeAmount(costUsd), this.emptyAttrs);
  }

  agentEnded(agentName: string, ok: boolean, durationSeconds: number): void {
    const agent = this.agents.fold(agentName);
    this.agentExecutions.add(1, this.attrs.agentExecutions.get(agent, ok ? STATUS_OK : STATUS_ERROR));
    this.agentDuration.record(safeAmount(durationSeconds), this.attrs.agentDuration.get(agent));
  }

  llmCallEnded(call: LlmCallRecord): void {
    const model = this.models.fold(call.model);
    const agent = call.agentName === undefined ? NO_AGENT : this.agents.fold(call.agentName);
    const status = call.ok ? STATUS_OK : STATUS_ERROR;
    this.llmRequests.add(1, this.attrs.llmRequests.get(model, agent, status));
    const { usage } = call;
    this.llmTokens.add(safeAmount(usage.input), this.attrs.llmTokens.get(model, agent, TOKEN_TYPES[0]));
    this.llmTokens.add(safeAmount(usage.output), this.attrs.llmTokens.get(model, agent, TOKEN_TYPES[1]));
    const cacheRead = safeAmount(usage.cacheRead);
    if (cacheRead > 0) this.llmTokens.add(cacheRead, this.attrs.llmTokens.get(model, agent, TOKEN_TYPES[2]));
    const reasoning = safeAmount(usage.reasoning);
    if (reasoning > 0) this.llmTokens.add(reasoning, this.attrs.llmTokens.get(model, agent, TOKEN_TYPES[3]));
    this.llmCost.add(safeAmount(call.costUsd), this.attrs.llmCost.get(model, agent));

    const errorType = call.ok ? '' : this.errorTypes.fold(call.errorType ?? '_OTHER');
    const provider = this.providers.fold(call.provider);
    const operation = this.operations.fold(call.operation);
    this.genAiDuration.record(
      safeAmount(call.durationSeconds),
      this.attrs.genAiDuration.get(operation, provider, model, agent, errorType),
    );
    if (call.ok) {
      this.genAiTokens.record(
        safeAmount(usage.input),
        this.attrs.genAiTokens.get(operation, provider, model, agent, 'input'),
      );
      this.genAiTokens.record(
        safeAmount(usage.output),
        this.attrs.genAiTokens.get(operation, provider, model, agent, 'output'),
      );
    }
  }

  toolEnded(toolName: string, agentName: string | undefined, ok: boolean): void {
    const agent = agentName === undefined ? NO_AGENT : this.agents.fold(agentName);
    this.toolCalls.add(
      1,
      this.attrs.toolCalls.get(this.tools.fold(toolName), agent, ok ? STATUS_OK : STATUS_ERROR),
    );
  }

  tradeDecision(decision: unknown): void {
    const value = typeof decision === 'string' ? decision.trim().toUpperCase() : decision;
    this.tradeDecisions.add(1, this.attrs.decisions.get(foldEnum(value, TRADE_DECISIONS, 'OTHER')));
  }

  tradeOutcome(outcome: unknown): void {
    const value = typeof outcome === 'string' ? outcome.trim().toLowerCase() : outcome;
    this.tradeOutcomes.add(1, this.attrs.outcomes.get(foldEnum(value, TRADE_OUTCOMES, 'other')));
  }

  feedback(score: number): void {
    this.feedbackScore.record(score, this.emptyAttrs);
  }

  setQueueLength(length: number): void {
    this.queueLength.record(safeAmount(length), this.emptyAttrs);
  }

  spansExported(exporter: 'langfuse' | 'otlp', ok: boolean, count: number): void {
    this.exportedSpans.add(count, this.attrs.exported.get(exporter, ok ? 'success' : 'failure'));
  }

  internalError(component: InternalComponent): void {
    this.internalErrors.add(1, this.attrs.internal.get(component));
  }
}
