import { sumSamples } from '@tradingagents/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowSpanScope } from '../../src/scopes/workflow-scope.js';
import { scopeHarness } from './harness.js';

describe('WorkflowSpanScope', () => {
  let h = scopeHarness();
  afterEach(async () => {
    await h.shutdown();
    h = scopeHarness();
  });

  it('counts a workflow run by name and status, with its span naming the trace', async () => {
    const workflow = new WorkflowSpanScope(h.runtime, 'support_bot', { parentContext: h.root });
    expect(workflow.workflowName).toBe('support_bot');
    workflow.end();
    const metrics = await h.scrape();
    expect(
      sumSamples(metrics, 'tradingagents_workflow_runs_total', {
        workflow: 'support_bot',
        status: 'success',
      }),
    ).toBe(1);
    expect(h.span('support_bot').attributes).toMatchObject({
      'langfuse.trace.name': 'support_bot',
      'gen_ai.operation.name': 'invoke_workflow',
      'tradingagents.workflow.cost_usd': 0,
    });
  });
});
