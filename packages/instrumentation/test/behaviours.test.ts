import {
  Annotation,
  Command,
  END,
  INTERRUPT,
  interrupt,
  MemorySaver,
  Send,
  START,
  StateGraph,
} from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import type { LangfuseObservation, MetricFamily } from '@tradingagents/testkit';
import { sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/setup.js';

// Behaviours users rely on, each on a graph written the way LangGraph's docs show it.
const State = Annotation.Root({
  tickers: Annotation<string[]>(),
  ticker: Annotation<string>(),
  reports: Annotation<string[]>({ reducer: (a, b) => [...(a ?? []), ...b], default: () => [] }),
  approved: Annotation<boolean>(),
});

const tracesOf = (observations: LangfuseObservation[], root: string) =>
  observations.filter((o) => o.name === root && o.parentObservationId === null);

describe('LangGraph behaviours under the one callback design', () => {
  let h: Harness;
  let observations: LangfuseObservation[];
  let metrics: MetricFamily[];
  let interrupted: unknown;
  let resumed: unknown;
  let flaky = 0;

  beforeAll(async () => {
    h = await startHarness({
      server: {
        responder: (request) =>
          request.model === 'broken-model'
            ? { error: { status: 400 } }
            : {
                content: `report ${request.lastUserMessage}`,
                usage: { promptTokens: 10, completionTokens: 2 },
              },
      },
    });
    const model = (name: string) =>
      new ChatOpenAI({
        model: name,
        apiKey: 'test',
        configuration: { baseURL: h.openai.url },
        maxRetries: 0,
      });
    const llm = model('gpt-4o-mini');

    // Send fan-out: one analyst task per ticker.
    const fanOut = new StateGraph(State)
      .addNode('analyst', async (s) => ({
        reports: [String((await llm.invoke(`analyse ${s.ticker}`)).content)],
      }))
      .addConditionalEdges(START, (s) => s.tickers.map((ticker) => new Send('analyst', { ticker })))
      .addEdge('analyst', END)
      .compile({ name: 'fan_out' });
    await fanOut.invoke({ tickers: ['NVDA', 'AMD', 'TSM'] });

    // batch: each input is its own root run, as LangChain runs it.
    await fanOut.batch([{ tickers: ['A'] }, { tickers: ['B'] }]);

    // Interrupt for human approval, then resume with Command.
    const approval = new StateGraph(State)
      .addNode('propose', async (s) => ({
        reports: [String((await llm.invoke(`propose ${s.ticker}`)).content)],
      }))
      .addNode('approve', async () => ({ approved: interrupt('approve the trade?') === 'yes' }))
      .addEdge(START, 'propose')
      .addEdge('propose', 'approve')
      .addEdge('approve', END)
      .compile({ name: 'approval', checkpointer: new MemorySaver() });
    const thread = { configurable: { thread_id: 't1' } };
    interrupted = await approval.invoke({ ticker: 'NVDA' }, thread);
    resumed = await approval.invoke(new Command({ resume: 'yes' }), thread);

    // A node retried by its retry policy: fails once, then succeeds.
    const retrying = new StateGraph(State)
      .addNode(
        'flaky',
        async () => {
          flaky++;
          if (flaky === 1) throw new Error('transient');
          return { reports: ['ok'] };
        },
        { retryPolicy: { maxAttempts: 2, initialInterval: 1, retryOn: () => true } },
      )
      .addEdge(START, 'flaky')
      .addEdge('flaky', END)
      .compile({ name: 'retrying' });
    await retrying.invoke({});

    // withFallbacks: the primary model fails, the fallback answers.
    const withFallback = model('broken-model').withFallbacks([llm]);
    const fallback = new StateGraph(State)
      .addNode('writer', async () => ({ reports: [String((await withFallback.invoke('write')).content)] }))
      .addEdge(START, 'writer')
      .addEdge('writer', END)
      .compile({ name: 'fallback' });
    await fallback.invoke({});

    ({ observations, metrics } = await h.collect());
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records each Send task as an agent execution under the one run', () => {
    const [root] = tracesOf(observations, 'fan_out');
    const agents = observations.filter((o) => o.type === 'agent' && o.traceId === root?.traceId);
    expect(agents).toHaveLength(3);
    for (const agent of agents) expect(agent.parentObservationId).toBe(root?.id);
    expect(observations.filter((o) => o.type === 'generation' && o.traceId === root?.traceId)).toHaveLength(
      3,
    );
  });

  it('gives each batch input its own trace, as LangChain runs them', () => {
    expect(tracesOf(observations, 'fan_out')).toHaveLength(3);
    expect(
      sumSamples(metrics, 'tradingagents_workflow_runs_total', { workflow: 'fan_out', status: 'success' }),
    ).toBe(3);
  });

  it('treats an interrupt as a pause, not an error, and records the resumed run', () => {
    expect((interrupted as Record<string, unknown>)[INTERRUPT]).toBeDefined();
    expect((resumed as { approved?: boolean }).approved).toBe(true);
    expect(tracesOf(observations, 'approval')).toHaveLength(2);
    expect(
      sumSamples(metrics, 'tradingagents_workflow_runs_total', { workflow: 'approval', status: 'error' }),
    ).toBe(0);
    expect(
      sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'approve', status: 'error' }),
    ).toBe(0);
    expect(
      observations.filter(
        (o) => o.level === 'ERROR' && o.traceId === tracesOf(observations, 'approval')[0]?.traceId,
      ),
    ).toHaveLength(0);
  });

  it('records a retried node as one failed and one successful attempt, and the run as a success', () => {
    expect(flaky).toBe(2);
    expect(
      sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'flaky', status: 'error' }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_agent_executions_total', { agent_name: 'flaky', status: 'success' }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_workflow_runs_total', { workflow: 'retrying', status: 'success' }),
    ).toBe(1);
  });

  it('records the failed primary and the answering fallback as two generations of the one agent', () => {
    const [root] = tracesOf(observations, 'fallback');
    const generations = observations.filter((o) => o.type === 'generation' && o.traceId === root?.traceId);
    expect(generations.map((g) => g.level === 'ERROR').sort()).toEqual([false, true]);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', {
        agent_name: 'writer',
        model: 'broken-model',
        status: 'error',
      }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', {
        agent_name: 'writer',
        model: 'gpt-4o-mini',
        status: 'success',
      }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_workflow_runs_total', { workflow: 'fallback', status: 'success' }),
    ).toBe(1);
    expect(h.langchain.getHandler().openRuns).toBe(0);
  });
});
