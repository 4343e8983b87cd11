import { startLangfuseReceiver, startOpenAIServer } from '@tradingagents/testkit';
import { type BenchOptions, type BenchReport, fmt, fmtRatio, type Target } from '../report.js';
import { median, ratio, rotate, round } from '../stats.js';
import { VARIANTS, type Variant, type WorkerConfig, type WorkerResult } from './protocol.js';
import { runWorker } from './spawn.js';

const PEERS: Variant[] = ['langfuse-langchain', 'openinference', 'traceloop'];
const DESCRIPTIONS: Record<Variant, string> = {
  uninstrumented: 'no telemetry',
  'noop-handler':
    'floor: a LangChain BaseCallbackHandler whose methods do nothing, in invoke callbacks (LangChain default: awaitHandlers = false, callbacks queued in the background)',
  'noop-handler-await':
    'floor: the same do-nothing handler with awaitHandlers = true (callbacks run inline, as ours does)',
  ours: '@tradingagents/telemetry: registerTradingAgentsTelemetry() + auto-instrumentation + trackAnalysis; Prometheus metrics and Langfuse-bound spans (LangfuseSpanProcessor, batched)',
  'langfuse-langchain':
    '@langfuse/langchain 5.11.1 CallbackHandler in invoke callbacks; NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1, batched)',
  openinference:
    '@arizeai/openinference-instrumentation-langchain 4.1.1 via NodeSDK instrumentations; BatchSpanProcessor + OTLPTraceExporter',
  traceloop:
    'OpenLLMetry: @traceloop/instrumentation-langchain 0.27.0 via NodeSDK instrumentations; BatchSpanProcessor + OTLPTraceExporter',
};

interface RoundSample {
  result: WorkerResult;
  /** Spans the receiver got during the graph window and the LLM window. */
  graphSpans: number;
  llmSpans: number;
}

const perIteration = (value: number, n: number) => value / n;

/** Why the callback mode misses the overhead target: the floor any callback handler pays. */
function missedByCallbacks(
  byName: ReadonlyMap<Variant, { variant: Variant; addedCpuUsPerAgentStep: number }>,
  budget: number,
  oursCpu: number,
): string {
  const floor = byName.get('noop-handler-await') ?? byName.get('noop-handler');
  const floorText =
    floor === undefined
      ? ''
      : ` A LangChain callback handler that does nothing (${floor.variant}) already adds ${fmt(floor.addedCpuUsPerAgentStep)} µs CPU per agent step — ${fmt((100 * floor.addedCpuUsPerAgentStep) / budget, 0)}% of the ${fmt(budget)} µs budget — so ours adds ${fmt(oursCpu - floor.addedCpuUsPerAgentStep)} µs above that floor (spans, metrics, cost, export).`;
  return (
    floorText +
    " Why: every callback-based instrumentation pays LangChain's callback machinery once a handler is attached (callback managers built per runnable, metadata merges, a LangSmith RunTree per run, more GC). " +
    ''
  );
}

/**
 * Overhead per agent step: the same LangGraph workload in one process per variant, variants run
 * alternately (rotated each round) against one local LLM server and one Langfuse receiver.
 */
export async function runOverhead(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const sizes = options.quick
    ? { rounds: 2, warmupAnalyses: 15, analyses: 40, warmupCalls: 15, calls: 40 }
    : { rounds: 6, warmupAnalyses: 60, analyses: 250, warmupCalls: 60, calls: 250 };
  const publicKey = 'pk-lf-bench';
  const secretKey = 'sk-lf-bench';
  const openai = await startOpenAIServer({ latencyMs: 0 });
  const langfuse = await startLangfuseReceiver({ publicKey, secretKey });
  const samples = new Map<Variant, RoundSample[]>(VARIANTS.map((v) => [v, []]));
  const skipped: { variant: string; reason: string }[] = [];
  const failed = new Set<Variant>();
  try {
    for (let r = 0; r < sizes.rounds; r++) {
      for (const variant of rotate(VARIANTS, r)) {
        if (failed.has(variant)) continue;
        const config: WorkerConfig = {
          variant,
          openaiUrl: openai.url,
          langfuseBaseUrl: langfuse.baseUrl,
          langfusePublicKey: publicKey,
          langfuseSecretKey: secretKey,
          ...sizes,
        };
        const marks: Record<string, number> = {};
        try {
          const result = await runWorker(config, 180_000, (phase) => {
            marks[phase] = langfuse.spans.length;
          });
          samples.get(variant)?.push({
            result,
            graphSpans: (marks.graph ?? 0) - (marks.warm ?? 0),
            llmSpans: (marks.llm ?? 0) - (marks.graph ?? 0),
          });
        } catch (error) {
          failed.add(variant);
          skipped.push({ variant, reason: `worker failed: ${(error as Error).message.slice(0, 500)}` });
        }
      }
      // The receiver keeps every span; the counts above are all we need.
      langfuse.spans.length = 0;
      openai.requests.length = 0;
    }
  } finally {
    await openai.close();
    await langfuse.close();
  }

  const base = samples.get('uninstrumented') ?? [];
  const summary = VARIANTS.filter((v) => !failed.has(v)).map((variant) => {
    const rounds = samples.get(variant) ?? [];
    const steps = rounds[0]?.result.perAnalysis.agentSteps ?? 3;
    const graphWall = rounds.map((s) => perIteration(s.result.graph.wallUs, s.result.graph.iterations));
    const graphCpu = rounds.map((s) => perIteration(s.result.graph.cpuUs, s.result.graph.iterations));
    const llmWall = rounds.map((s) => perIteration(s.result.llm.wallUs, s.result.llm.iterations));
    const llmCpu = rounds.map((s) => perIteration(s.result.llm.cpuUs, s.result.llm.iterations));
    // Paired by round: the variant minus the uninstrumented run of the same round.
    const paired = (mine: number[], of: (s: RoundSample) => number) =>
      median(mine.map((value, i) => value - (base[i] ? of(base[i] as RoundSample) : Number.NaN)));
    const baseGraphWall = (s: RoundSample) => perIteration(s.result.graph.wallUs, s.result.graph.iterations);
    const baseGraphCpu = (s: RoundSample) => perIteration(s.result.graph.cpuUs, s.result.graph.iterations);
    const baseLlmWall = (s: RoundSample) => perIteration(s.result.llm.wallUs, s.result.llm.iterations);
    const baseLlmCpu = (s: RoundSample) => perIteration(s.result.llm.cpuUs, s.result.llm.iterations);
    const addedGraphWall = paired(graphWall, baseGraphWall);
    const addedGraphCpu = paired(graphCpu, baseGraphCpu);
    return {
      variant,
      description: DESCRIPTIONS[variant],
      rounds: rounds.length,
      analysisWallUs: round(median(graphWall), 1),
      analysisCpuUs: round(median(graphCpu), 1),
      analysisMedianLatencyUs: round(median(rounds.map((s) => s.result.graph.medianIterationUs)), 1),
      llmCallWallUs: round(median(llmWall), 1),
      llmCallCpuUs: round(median(llmCpu), 1),
      addedWallUsPerAgentStep: round(addedGraphWall / steps, 1),
      addedCpuUsPerAgentStep: round(addedGraphCpu / steps, 1),
      addedWallUsPerLlmCall: round(paired(llmWall, baseLlmWall), 1),
      addedCpuUsPerLlmCall: round(paired(llmCpu, baseLlmCpu), 1),
      wallRatioVsUninstrumented: ratio(median(graphWall), median(base.map(baseGraphWall))),
      cpuRatioVsUninstrumented: ratio(median(graphCpu), median(base.map(baseGraphCpu))),
      spansPerAnalysis: round(median(rounds.map((s) => s.graphSpans / s.result.graph.iterations)), 2),
      spansPerLlmCall: round(median(rounds.map((s) => s.llmSpans / s.result.llm.iterations)), 2),
      producesMetrics: variant === 'ours',
      perRound: rounds.map((s) => ({
        analysisWallUs: round(baseGraphWall(s), 1),
        analysisCpuUs: round(baseGraphCpu(s), 1),
        llmCallWallUs: round(baseLlmWall(s), 1),
      })),
    };
  });

  const byName = new Map(summary.map((s) => [s.variant, s]));
  const peers = PEERS.map((p) => byName.get(p)).filter((p) => p !== undefined);
  const lightest = [...peers].sort((a, b) => a.addedCpuUsPerAgentStep - b.addedCpuUsPerAgentStep)[0];
  const targets: Target[] = [];
  for (const [id, name] of [['overhead', 'ours']] as const) {
    const ours = byName.get(name);
    const goal =
      'our overhead per agent step is at most half of the lightest peer, while producing metrics and spans';
    if (ours && lightest) {
      const cpuShare = ratio(ours.addedCpuUsPerAgentStep, lightest.addedCpuUsPerAgentStep);
      const wallShare = ratio(ours.addedWallUsPerAgentStep, lightest.addedWallUsPerAgentStep);
      const met = cpuShare !== null && cpuShare <= 0.5;
      const budget = lightest.addedCpuUsPerAgentStep / 2;
      targets.push({
        id,
        goal,
        met,
        detail:
          `${name} adds ${fmt(ours.addedCpuUsPerAgentStep)} µs CPU / ${fmt(ours.addedWallUsPerAgentStep)} µs wall per agent step; ` +
          `the lightest peer (${lightest.variant}) adds ${fmt(lightest.addedCpuUsPerAgentStep)} µs CPU / ${fmt(lightest.addedWallUsPerAgentStep)} µs wall: ` +
          `${name}/peer = ${fmtRatio(cpuShare)} (CPU), ${fmtRatio(wallShare)} (wall); target ≤ 0.50× (judged on CPU, the steadier measure).` +
          (met ? '' : ` Missed by ${fmt(ours.addedCpuUsPerAgentStep - budget)} µs CPU per agent step.`) +
          (met || name !== 'ours' ? '' : missedByCallbacks(byName, budget, ours.addedCpuUsPerAgentStep)),
      });
    } else {
      targets.push({
        id,
        goal,
        met: null,
        detail: `not measured: ${skipped.map((s) => `${s.variant} skipped (${s.reason})`).join('; ') || 'no peer ran'}`,
      });
    }
  }

  return {
    name: 'overhead',
    method:
      `LangGraph graph (2 analysts in parallel → trader; each node 1 ChatOpenAI call + 1 tool) against testkit's local OpenAI server (latency 0); spans to testkit's Langfuse receiver (in the parent). ` +
      `One child process per variant run; ${sizes.rounds} rounds, variants rotated each round (ABCD, BCDA, …). Each run: ${sizes.warmupAnalyses} warm-up analyses and ${sizes.warmupCalls} warm-up calls, ` +
      `then ${sizes.analyses} serial analyses and ${sizes.calls} bare LLM calls, each window ending with a flush of pending spans. ` +
      'Per-iteration cost = window time / iterations (wall, and CPU of the worker process); added cost = median over rounds of (variant − uninstrumented of the same round).',
    tables: [
      {
        title: 'Overhead per agent step (LangGraph workload)',
        columns: [
          'variant',
          'µs/analysis (wall)',
          'µs/analysis (CPU)',
          '+µs/agent step (CPU)',
          '+µs/agent step (wall)',
          '+µs/LLM call (CPU)',
          '+µs/LLM call (wall)',
          'CPU ratio',
          'spans/analysis',
          'metrics',
        ],
        rows: summary.map((s) => [
          s.variant,
          fmt(s.analysisWallUs, 0),
          fmt(s.analysisCpuUs, 0),
          s.variant === 'uninstrumented' ? '—' : fmt(s.addedCpuUsPerAgentStep, 0),
          s.variant === 'uninstrumented' ? '—' : fmt(s.addedWallUsPerAgentStep, 0),
          s.variant === 'uninstrumented' ? '—' : fmt(s.addedCpuUsPerLlmCall, 0),
          s.variant === 'uninstrumented' ? '—' : fmt(s.addedWallUsPerLlmCall, 0),
          fmtRatio(s.cpuRatioVsUninstrumented),
          fmt(s.spansPerAnalysis, 1),
          s.producesMetrics ? 'yes' : 'no',
        ]),
      },
    ],
    targets,
    skipped,
    data: { sizes, variants: summary, lightestPeer: lightest?.variant ?? null },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
