import { sumSamples } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSpanScope } from '../../src/scopes/agent-scope.js';
import { ToolSpanScope } from '../../src/scopes/tool-scope.js';
import { scopeHarness } from './harness.js';

describe('ToolSpanScope inside an AgentSpanScope', () => {
  let h = scopeHarness();
  afterEach(async () => {
    await h.shutdown();
    h = scopeHarness();
  });

  it('attributes a tool call to the enclosing agent, with its error type on the duration', async () => {
    const agent = new AgentSpanScope(h.runtime, 'news_analyst', { parentContext: h.root });
    const ok = new ToolSpanScope(h.runtime, 'get_news', { q: 'NVDA' }, { parentContext: agent.context });
    ok.setOutput('3 articles');
    ok.end();
    const failed = new ToolSpanScope(h.runtime, 'get_news', undefined, { parentContext: agent.context });
    failed.end(new TypeError('bad ticker'));
    agent.end();
    const tool = h.spans().find((s) => s.name === 'execute_tool get_news');
    expect(tool?.attributes).toMatchObject({
      'gen_ai.tool.name': 'get_news',
      'gen_ai.agent.name': 'news_analyst',
      'langfuse.observation.type': 'tool',
    });
    // Content capture is off by default: neither input nor output is on the span.
    expect(tool?.attributes['langfuse.observation.input']).toBeUndefined();
    expect(tool?.attributes['langfuse.observation.output']).toBeUndefined();
    const metrics = await h.scrape();
    expect(
      sumSamples(metrics, 'tradingagents_tool_calls_total', {
        tool: 'get_news',
        agent_name: 'news_analyst',
        status: 'success',
      }),
    ).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_tool_calls_total', {
        tool: 'get_news',
        agent_name: 'news_analyst',
        status: 'error',
      }),
    ).toBe(1);
    expect(sumSamples(metrics, 'gen_ai_execute_tool_duration_count', { error_type: 'TypeError' })).toBe(1);
    expect(
      sumSamples(metrics, 'tradingagents_agent_executions_total', {
        agent_name: 'news_analyst',
        status: 'success',
      }),
    ).toBe(1);
    expect(h.span('invoke_agent news_analyst').attributes['langfuse.observation.type']).toBe('agent');
  });
});
