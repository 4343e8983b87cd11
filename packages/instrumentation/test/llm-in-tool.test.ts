import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import type {
  LangfuseObservation,
  MetricFamily,
  ResponderRequest,
  ScriptedReply,
} from '@tradingagents/testkit';
import { sumSamples } from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from './support/setup.js';

// A "summarize" tool that calls a model itself, used by a ReAct agent: the shape of many published
// agents (a tool that asks another model to condense, classify or extract). LangChain links the
// inner call to the tool run through its async-local storage, which `@langchain/langgraph`'s main
// entry sets up on import (an app importing only `@langchain/langgraph/prebuilt` gets no link from
// LangChain itself, and so two traces; see the README's limitations).
import '@langchain/langgraph';

function respond(request: ResponderRequest): ScriptedReply {
  const offered = request.tools.map((t) => String((t as { function?: { name?: string } }).function?.name));
  const called = (request.messages ?? []).some((m) => (m as { role?: string }).role === 'tool');
  if (offered.includes('summarize') && !called)
    return {
      toolCalls: [{ name: 'summarize', arguments: { text: 'revenue up 12%' } }],
      usage: { promptTokens: 40, completionTokens: 4 },
    };
  return { content: 'done', usage: { promptTokens: 20, completionTokens: 2 } };
}

describe('a model called inside a tool', () => {
  let h: Harness;
  let observations: LangfuseObservation[];
  let metrics: MetricFamily[];

  beforeAll(async () => {
    h = await startHarness({ server: { responder: respond } });
    const model = (name: string) =>
      new ChatOpenAI({
        model: name,
        apiKey: 'test',
        configuration: { baseURL: h.openai.url },
        maxRetries: 0,
      });
    const summarizer = model('gpt-4.1-mini');
    const summarize = tool(
      async ({ text }: { text: string }) => String((await summarizer.invoke(text)).content),
      {
        name: 'summarize',
        description: 'Summarize a text',
        schema: z.object({ text: z.string() }),
      },
    );
    const agent = createReactAgent({ llm: model('gpt-4o-mini'), tools: [summarize], name: 'editor' });
    await agent.invoke({ messages: [{ role: 'user', content: 'Summarize the report' }] });
    ({ observations, metrics } = await h.collect());
  });
  afterAll(async () => {
    await h?.close();
  });

  it("nests the tool's model call under the tool, in the agent's one trace", () => {
    const [toolRun] = observations.filter((o) => o.type === 'tool' && o.name === 'summarize');
    const inner = observations.find(
      (o) => o.type === 'generation' && o.attributes['gen_ai.request.model'] === 'gpt-4.1-mini',
    );
    expect(toolRun).toBeDefined();
    expect(inner?.parentObservationId).toBe(toolRun?.id);
    expect(new Set(observations.map((o) => o.traceId)).size).toBe(1);
  });

  it('counts it for the enclosing agent', () => {
    expect(
      sumSamples(metrics, 'tradingagents_llm_requests_total', {
        agent_name: 'editor',
        model: 'gpt-4.1-mini',
      }),
    ).toBe(1);
    expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { agent_name: 'none' })).toBe(0);
    expect(h.langchain.getHandler().openRuns).toBe(0);
  });
});
