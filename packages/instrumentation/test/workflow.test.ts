import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { trackAnalysis } from '@tradingagents/telemetry';
import { type LangfuseObservation, type MetricFamily, sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRootChainSpan } from '../src/langchain/root-span.js';
import { type Harness, numberAttr, startHarness } from './support/setup.js';

const State = Annotation.Root({ topic: Annotation<string>(), out: Annotation<string>() });

/** What the receiver got for the generations under the root observations named `rootName`. */
function generationCosts(observations: LangfuseObservation[], rootName: string): number[] {
  const traces = new Set(observations.filter((o) => o.name === rootName).map((o) => o.traceId));
  return observations
    .filter((o) => o.type === 'generation' && traces.has(o.traceId))
    .map((o) => numberAttr(o, 'gen_ai.usage.cost'));
}

const total = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('any graph run is a workflow: run-level metrics for graphs invoked outside trackAnalysis', () => {
  let h: Harness;
  let metrics: MetricFamily[];
  let observations: LangfuseObservation[];
  // The app owns the global tracer provider (its own NodeSDK): ours is not global, so a span taken
  // from `trace.getTracer()` would land in the app's exporter instead of Langfuse.
  const appExporter = new InMemorySpanExporter();
  const appProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });
  let failure: unknown;

  beforeAll(async () => {
    expect(trace.setGlobalTracerProvider(appProvider)).toBe(true);
    h = await startHarness({
      server: {
        responder: (request) => {
          const text = request.lastUserMessage;
          if (text.includes('fail')) return { error: { status: 500 } };
          if (text.startsWith('analyse'))
            return { content: 'facts', usage: { promptTokens: 100, completionTokens: 20 } };
          return { content: 'report', usage: { promptTokens: 300, completionTokens: 60 } };
        },
      },
    });
    const llm = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test',
      configuration: { baseURL: h.openai.url },
      maxRetries: 0,
    });
    const desk = (name: string) =>
      new StateGraph(State)
        .addNode('analyst', async (s) => ({ out: String((await llm.invoke(`analyse ${s.topic}`)).content) }))
        .addNode('writer', async (s) => ({ out: String((await llm.invoke(`write ${s.out}`)).content) }))
        .addEdge(START, 'analyst')
        .addEdge('analyst', 'writer')
        .addEdge('writer', END)
        .compile({ name });
    const research = desk('research_desk');
    await research.invoke({ topic: 'chips' });
    await research.invoke({ topic: 'rates' });
    failure = await research.invoke({ topic: 'fail' }).catch((error: unknown) => error);
    // The same graph inside an analysis: the analysis is the run, not a second workflow.
    await trackAnalysis({ ticker: 'NVDA' }, () => desk('desk_in_analysis').invoke({ topic: 'NVDA' }));
    // Under a span of the app's own (an HTTP request of its own SDK): still a workflow of its own.
    await trace.getTracer('app').startActiveSpan('GET /research', async (span) => {
      try {
        await desk('desk_in_request').invoke({ topic: 'web' });
      } finally {
        span.end();
      }
    });
    ({ observations, metrics } = await h.collect());
  });

  afterAll(async () => {
    await h?.close();
    trace.disable();
  });

  it('counts runs by workflow name and status, and keeps the graph error for the caller', () => {
    expect(failure).toBeInstanceOf(Error);
    const runs = (status: string) =>
      sumSamples(metrics, 'tradingagents_workflow_runs_total', { workflow: 'research_desk', status });
    expect(runs('success')).toBe(2);
    expect(runs('error')).toBe(1);
    const durations = (status: string) =>
      sumSamples(metrics, 'tradingagents_workflow_duration_seconds_count', {
        workflow: 'research_desk',
        status,
      });
    expect(durations('success')).toBe(2);
    expect(durations('error')).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_workflow_duration_seconds_sum', { workflow: 'research_desk' }),
    ).toBeGreaterThan(0);
  });

  it("records each run's cost as the sum of the generation costs Langfuse received for it", () => {
    const costs = generationCosts(observations, 'research_desk');
    // Two full runs of two calls each, and the failed run's one (failed) call.
    expect(costs).toHaveLength(5);
    expect(total(costs)).toBeGreaterThan(0);
    expect(
      sumSamples(metrics, 'tradingagents_workflow_cost_usd_sum', { workflow: 'research_desk' }),
    ).toBeCloseTo(total(costs), 12);
    expect(sumSamples(metrics, 'tradingagents_workflow_cost_usd_count', { workflow: 'research_desk' })).toBe(
      3,
    );
    // The LLM cost counter saw the same spend plus the analysis's.
    const analysisCosts = generationCosts(observations, 'analysis NVDA');
    expect(analysisCosts).toHaveLength(2);
    const requestCosts = generationCosts(observations, 'desk_in_request');
    expect(requestCosts).toHaveLength(2);
    expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total')).toBeCloseTo(
      total(costs) + total(analysisCosts) + total(requestCosts),
      12,
    );
  });

  it('does not count a graph inside trackAnalysis as a workflow (no double counting)', () => {
    expect(sumSamples(metrics, 'tradingagents_workflow_runs_total', { workflow: 'desk_in_analysis' })).toBe(
      0,
    );
    expect(sumSamples(metrics, 'tradingagents_workflow_runs_total')).toBe(4);
    expect(sumSamples(metrics, 'tradingagents_workflow_cost_usd_count')).toBe(4);
    expect(sumSamples(metrics, 'tradingagents_analyses_total', { ticker: 'NVDA', status: 'success' })).toBe(
      1,
    );
    expect(sumSamples(metrics, 'tradingagents_analysis_cost_usd_sum')).toBeCloseTo(
      total(generationCosts(observations, 'analysis NVDA')),
      12,
    );
    expect(observations.some((o) => o.name === 'desk_in_analysis')).toBe(false);
  });

  it("counts a graph run under a span of the app's own as a workflow, the root of its Langfuse trace", () => {
    expect(
      sumSamples(metrics, 'tradingagents_workflow_runs_total', {
        workflow: 'desk_in_request',
        status: 'success',
      }),
    ).toBe(1);
    const [root] = observations.filter((o) => o.name === 'desk_in_request');
    const [appSpan] = appExporter.getFinishedSpans();
    expect(root?.type).toBe('chain');
    expect(root?.traceId).toBe(appSpan?.spanContext().traceId);
    // Same trace as the app's request; in Langfuse, which never gets the app's span, it is the root.
    expect(root?.parentObservationId ?? null).toBeNull();
    expect(
      observations.filter((o) => o.traceId === root?.traceId && o.parentObservationId === null),
    ).toHaveLength(1);
  });

  it('opens the root chain span from our tracer, named for the Langfuse trace, with its agents under it', () => {
    const roots = observations.filter((o) => o.name === 'research_desk');
    expect(roots).toHaveLength(3);
    for (const root of roots) {
      expect(root.type).toBe('chain');
      expect(root.parentObservationId ?? null).toBeNull();
      expect(root.attributes['langfuse.trace.name']).toBe('research_desk');
      expect(root.attributes['gen_ai.operation.name']).toBe('invoke_workflow');
      expect(root.attributes['gen_ai.workflow.name']).toBe('research_desk');
      const agents = observations.filter((o) => o.type === 'agent' && o.traceId === root.traceId);
      expect(agents.length).toBeGreaterThan(0);
      for (const agent of agents) expect(agent.parentObservationId).toBe(root.id);
    }
    expect(roots.filter((r) => r.level === 'ERROR')).toHaveLength(1);
    const traceNames = h.langfuse.traces().map((t) => t.name);
    expect(traceNames.filter((name) => name === 'research_desk')).toHaveLength(3);
    // Nothing of ours went to the app's own (global) tracer provider: only its own request span.
    expect(appExporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET /research']);
    expect(h.langchain.getHandler().openRuns).toBe(0);
  });
});

describe('startRootChainSpan without a registered runtime', () => {
  it('is a no-op that hands back the parent context', () => {
    const root = startRootChainSpan('graph', ROOT_CONTEXT);
    expect(root.ctx).toBe(ROOT_CONTEXT);
    expect(trace.getSpan(root.ctx)).toBeUndefined();
    expect(() => root.end(new Error('boom'))).not.toThrow();
  });
});
