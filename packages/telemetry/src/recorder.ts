import { foldEnum, LabelBound } from './cardinality.js';
import { STATUS, TRADE_DECISIONS, TRADE_OUTCOMES } from './catalogue.js';
import type { ResolvedConfig } from './config.js';
import type { ExemplarSpan } from './exemplars.js';
import type { HistogramCell, MetricSeries, MetricStore, ValueCell } from './metric-store.js';
import type { TokenUsage } from './pricing/types.js';
import { LOSS_REASONS, type LossReason } from './queueing-exporter-types.js';
import { SPOOL_SKIP_REASONS, type SpoolSkipReason } from './spool/span-spool.js';
import { TOKEN_LABEL, tokenCount } from './tokens.js';
import { amount } from './util/read.js';

/** One finished LLM call, as the recorder needs it. */
export interface LlmCallRecord {
  readonly model: string;
  readonly agentName: string | undefined;
  readonly provider: string;
  readonly operation: string;
  readonly ok: boolean;
  readonly errorType: string | undefined;
  readonly durationSeconds: number;
  readonly usage: TokenUsage;
  readonly costUsd: number;
  /** Whether the model had a price (an unpriced call is counted apart). @default true */
  readonly priced?: boolean;
}

const NO_AGENT = 'none';

/** Components that report caught internal errors (a closed set: it is a label). */
export const INTERNAL_COMPONENTS = [
  'metrics',
  'analysis',
  'workflow',
  'agent',
  'tool',
  'generation',
  'record',
  'start',
] as const;
export type InternalComponent = (typeof INTERNAL_COMPONENTS)[number];
const STATUS_OK = STATUS.ok;
const STATUS_ERROR = STATUS.error;

type Values = MetricSeries<ValueCell>;
type Histograms = MetricSeries<HistogramCell>;

/**
 * The hot path: records every catalogue metric into the {@link MetricStore}, with bounded labels.
 * Never throws for bad input; bad numbers record as 0.
 *
 * Given the span of the operation it records, it keeps that span's trace and span id as the latest
 * exemplar of the series (counters) or bucket (histograms) it records into: the analysis, workflow,
 * agent, GenAI operation and tool duration buckets, the analysis and workflow cost buckets, the LLM
 * cost and tool-call counters, and the error series of the analysis, workflow, agent and LLM
 * request counters (a success's trace is already on its duration bucket). Only sampled spans give
 * exemplars, and a series or bucket takes one per collect: the first after it (see `ValueCell`).
 */
export class MetricsRecorder {
  private readonly tickers: LabelBound;
  private readonly models: LabelBound;
  private readonly agents: LabelBound;
  private readonly tools: LabelBound;
  private readonly workflows: LabelBound;
  private readonly errorTypes: LabelBound;
  private readonly providers: LabelBound;
  private readonly operations: LabelBound;

  private readonly analyses: Values;
  private readonly analysisDuration: Histograms;
  private readonly activeAnalyses: ValueCell;
  private readonly queueLength: ValueCell;
  private readonly analysisCost: HistogramCell;
  private readonly workflowRuns: Values;
  private readonly workflowDuration: Histograms;
  private readonly workflowCost: Histograms;
  private readonly agentExecutions: Values;
  private readonly agentDuration: Histograms;
  private readonly llmRequests: Values;
  private readonly llmTokens: Values;
  private readonly llmCost: Values;
  private readonly llmUnpriced: Values;
  private readonly toolCalls: Values;
  private readonly tradeDecisions: Values;
  private readonly tradeOutcomes: Values;
  private readonly feedbackScore: HistogramCell;
  private readonly genAiDuration: Histograms;
  private readonly genAiTokens: Histograms;
  private readonly genAiToolDuration: Histograms;
  private readonly labelOverflow: Values;
  private readonly exportedSpans: Values;
  private readonly lostSpans: Values;
  private readonly internalErrors: Values;
  private readonly spooledSpans: Values;
  private readonly spoolSkippedFiles: Values;

  constructor(store: MetricStore, cardinality: ResolvedConfig['cardinality']) {
    const s = store.series;
    this.analyses = s.analyses as Values;
    this.analysisDuration = s.analysisDuration as Histograms;
    this.workflowRuns = s.workflowRuns as Values;
    this.workflowDuration = s.workflowDuration as Histograms;
    this.workflowCost = s.workflowCost as Histograms;
    this.agentExecutions = s.agentExecutions as Values;
    this.agentDuration = s.agentDuration as Histograms;
    this.llmRequests = s.llmRequests as Values;
    this.llmTokens = s.llmTokens as Values;
    this.llmCost = s.llmCost as Values;
    this.llmUnpriced = s.llmUnpricedRequests as Values;
    this.toolCalls = s.toolCalls as Values;
    this.tradeDecisions = s.tradeDecisions as Values;
    this.tradeOutcomes = s.tradeOutcomes as Values;
    this.genAiDuration = s.genAiOperationDuration as Histograms;
    this.genAiTokens = s.genAiTokenUsage as Histograms;
    this.genAiToolDuration = s.genAiToolDuration as Histograms;
    this.labelOverflow = s.labelOverflow as Values;
    this.exportedSpans = s.exportedSpans as Values;
    this.lostSpans = s.lostSpans as Values;
    this.internalErrors = s.internalErrors as Values;
    this.spooledSpans = s.spooledSpans as Values;
    this.spoolSkippedFiles = s.spoolSkippedFiles as Values;
    // Label-less series exist from the start: a scrape shows 0 rather than nothing.
    this.activeAnalyses = (s.activeAnalyses as Values).get0();
    this.queueLength = (s.queueLength as Values).get0();
    this.analysisCost = (s.analysisCost as Histograms).get0();
    this.feedbackScore = (s.feedbackScore as Histograms).get0();

    const overflow = (label: string) => {
      const cell = this.labelOverflow.get1(label);
      return () => {
        cell.value++;
      };
    };
    this.tickers = new LabelBound(cardinality.maxTickers, overflow('ticker'));
    this.models = new LabelBound(cardinality.maxModels, overflow('model'));
    this.agents = new LabelBound(cardinality.maxAgents, overflow('agent_name'));
    this.tools = new LabelBound(cardinality.maxTools, overflow('tool'));
    // Graph names are app-chosen names like agent names, and as few: the same bound, a set of its own.
    this.workflows = new LabelBound(cardinality.maxAgents, overflow('workflow'));
    this.errorTypes = new LabelBound(20, overflow('error_type'));
    // `provider` and `operation` come from user input (GenerationInfo) too: unsanitised, a Symbol or a
    // function there made every later /metrics scrape throw in the Prometheus serializer (an unhandled
    // rejection in the app), and any string grew the series without bound (fault-injection fuzz).
    this.providers = new LabelBound(20, overflow('gen_ai_provider_name'));
    this.operations = new LabelBound(20, overflow('gen_ai_operation_name'));

    // Self-metric series start at 0 so that rate()/increase() and absence alerts work from the first scrape.
    for (const component of INTERNAL_COMPONENTS) this.internalErrors.get1(component);
  }

  /** Starts the export counters of a configured exporter at 0. */
  exporterConfigured(exporter: 'langfuse' | 'otlp'): void {
    this.exportedSpans.get2(exporter, 'success');
    this.exportedSpans.get2(exporter, 'failure');
    for (const reason of LOSS_REASONS) this.lostSpans.get2(exporter, reason);
  }

  analysisStarted(): void {
    this.activeAnalyses.value++;
  }

  /** `span`: the analysis span, whose ids become the exemplars of what this records. */
  analysisEnded(
    ticker: string,
    ok: boolean,
    durationSeconds: number,
    costUsd: number,
    span?: ExemplarSpan,
  ): void {
    const folded = this.tickers.fold(ticker);
    const status = ok ? STATUS_OK : STATUS_ERROR;
    this.activeAnalyses.value--;
    const count = this.analyses.get2(folded, status);
    const duration = this.analysisDuration.get2(folded, status);
    const seconds = amount(durationSeconds);
    const cost = amount(costUsd);
    if (ok) count.value++;
    else count.addWithExemplar(1, span, seconds);
    duration.recordWithExemplar(seconds, span, seconds);
    this.analysisCost.recordWithExemplar(cost, span, seconds);
  }

  workflowEnded(
    workflowName: string,
    ok: boolean,
    durationSeconds: number,
    costUsd: number,
    span?: ExemplarSpan,
  ): void {
    const workflow = this.workflows.fold(workflowName);
    const status = ok ? STATUS_OK : STATUS_ERROR;
    const runs = this.workflowRuns.get2(workflow, status);
    const duration = this.workflowDuration.get2(workflow, status);
    const costs = this.workflowCost.get1(workflow);
    const seconds = amount(durationSeconds);
    const cost = amount(costUsd);
    if (ok) runs.value++;
    else runs.addWithExemplar(1, span, seconds);
    duration.recordWithExemplar(seconds, span, seconds);
    costs.recordWithExemplar(cost, span, seconds);
  }

  agentEnded(agentName: string, ok: boolean, durationSeconds: number, span?: ExemplarSpan): void {
    const agent = this.agents.fold(agentName);
    const executions = this.agentExecutions.get2(agent, ok ? STATUS_OK : STATUS_ERROR);
    const duration = this.agentDuration.get1(agent);
    const seconds = amount(durationSeconds);
    if (ok) executions.value++;
    else executions.addWithExemplar(1, span, seconds);
    duration.recordWithExemplar(seconds, span, seconds);
  }

  /** `span`: the generation span, whose ids become the exemplars of requests, cost and duration. */
  llmCallEnded(call: LlmCallRecord, span?: ExemplarSpan): void {
    const model = this.models.fold(call.model);
    const agent = call.agentName === undefined ? NO_AGENT : this.agents.fold(call.agentName);
    const seconds = amount(call.durationSeconds);
    const requests = this.llmRequests.get3(model, agent, call.ok ? STATUS_OK : STATUS_ERROR);
    if (call.ok) requests.value++;
    else requests.addWithExemplar(1, span, seconds);
    // The totals (input, output) always; a part (cache read/write, reasoning) once it occurs.
    // Unrolled over the token vocabulary (tokens.ts): this runs once per model call.
    const usage = call.usage;
    const input = tokenCount(usage?.input);
    const output = tokenCount(usage?.output);
    const tokens = this.llmTokens;
    tokens.get3(model, agent, TOKEN_LABEL.input).value += input;
    tokens.get3(model, agent, TOKEN_LABEL.output).value += output;
    const cacheRead = tokenCount(usage?.cacheRead);
    if (cacheRead > 0) tokens.get3(model, agent, TOKEN_LABEL.cacheRead).value += cacheRead;
    const reasoning = tokenCount(usage?.reasoning);
    if (reasoning > 0) tokens.get3(model, agent, TOKEN_LABEL.reasoning).value += reasoning;
    const cacheWrite = tokenCount(usage?.cacheWrite);
    if (cacheWrite > 0) tokens.get3(model, agent, TOKEN_LABEL.cacheWrite).value += cacheWrite;
    this.llmCost.get2(model, agent).addWithExemplar(amount(call.costUsd), span, seconds);
    if (call.priced === false) this.llmUnpriced.get2(model, agent).value++;

    const errorType = call.ok ? '' : this.errorTypes.fold(call.errorType ?? '_OTHER');
    const provider = this.providers.fold(call.provider);
    const operation = this.operations.fold(call.operation);
    const duration = this.genAiDuration.get5(operation, provider, model, agent, errorType);
    duration.recordWithExemplar(seconds, span, seconds);
    if (call.ok) {
      this.genAiTokens.get5(operation, provider, model, agent, 'input').record(input);
      this.genAiTokens.get5(operation, provider, model, agent, 'output').record(output);
    }
  }

  /** `errorType` is the failed call's error class (`undefined` on success). */
  toolEnded(
    toolName: string,
    agentName: string | undefined,
    errorType: string | undefined,
    durationSeconds: number,
    span?: ExemplarSpan,
  ): void {
    const tool = this.tools.fold(toolName);
    const agent = agentName === undefined ? NO_AGENT : this.agents.fold(agentName);
    const ok = errorType === undefined;
    const calls = this.toolCalls.get3(tool, agent, ok ? STATUS_OK : STATUS_ERROR);
    const duration = this.genAiToolDuration.get3(tool, agent, ok ? '' : this.errorTypes.fold(errorType));
    const seconds = amount(durationSeconds);
    calls.addWithExemplar(1, span, seconds);
    duration.recordWithExemplar(seconds, span, seconds);
  }

  tradeDecision(decision: unknown): void {
    const value = typeof decision === 'string' ? decision.trim().toUpperCase() : decision;
    this.tradeDecisions.get1(foldEnum(value, TRADE_DECISIONS, 'OTHER')).value++;
  }

  tradeOutcome(outcome: unknown): void {
    const value = typeof outcome === 'string' ? outcome.trim().toLowerCase() : outcome;
    this.tradeOutcomes.get1(foldEnum(value, TRADE_OUTCOMES, 'other')).value++;
  }

  feedback(score: number): void {
    this.feedbackScore.record(score);
  }

  setQueueLength(length: number): void {
    this.queueLength.value = amount(length);
  }

  /** Spans an exporter sent (`ok`) or lost, with the reason they were lost. */
  spansExported(exporter: 'langfuse' | 'otlp', ok: boolean, count: number, reason?: LossReason): void {
    this.exportedSpans.get2(exporter, ok ? 'success' : 'failure').value += amount(count);
    if (!ok) this.lostSpans.get2(exporter, reason ?? 'retry_expired').value += amount(count);
  }

  /** Starts the spool counters of an exporter with a spool at 0. */
  spoolConfigured(exporter: 'langfuse' | 'otlp'): void {
    this.spooledSpans.get2(exporter, 'written');
    this.spooledSpans.get2(exporter, 'restored');
    for (const reason of SPOOL_SKIP_REASONS) this.spoolSkippedFiles.get2(exporter, reason);
  }

  /** Spans written to the spool, or read back from it. */
  spansSpooled(exporter: 'langfuse' | 'otlp', direction: 'written' | 'restored', count: number): void {
    this.spooledSpans.get2(exporter, direction).value += amount(count);
  }

  /** A spool file skipped (corrupt or foreign). */
  spoolFileSkipped(exporter: 'langfuse' | 'otlp', reason: SpoolSkipReason): void {
    this.spoolSkippedFiles.get2(exporter, reason).value++;
  }

  internalError(component: InternalComponent): void {
    this.internalErrors.get1(component).value++;
  }
}
