// The OpenAI Agents SDK from CommonJS: an agent with a function tool that hands off to a second
// agent, run once and streamed (events consumed as a UI would). OPENAI_API_KEY / OPENAI_BASE_URL
// are read by the SDK's OpenAI client.
const { Agent, run, tool } = require('@openai/agents');
const { z } = require('zod');

const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Status of an order by its id',
  parameters: z.object({ orderId: z.string() }),
  execute: async ({ orderId }) => JSON.stringify({ orderId, status: 'shipped' }),
});

const refundsAgent = new Agent({
  name: 'refunds_agent',
  instructions: 'You handle refunds.',
  model: 'gpt-4o-mini',
});

const supportAgent = new Agent({
  name: 'support_agent',
  instructions: 'Look the order up, then hand refunds to the refunds agent.',
  model: 'gpt-4o-mini',
  tools: [lookupOrder],
  handoffs: [refundsAgent],
});

async function main() {
  const result = await run(supportAgent, 'Where is order 42? I want a refund.');
  const stream = await run(supportAgent, 'And order 43?', { stream: true });
  let events = 0;
  for await (const _event of stream) events++;
  await stream.completed;
  console.log(
    JSON.stringify({
      app: 'openai-agents-cjs',
      answer: result.finalOutput,
      lastAgent: result.lastAgent?.name,
      streamedLastAgent: stream.lastAgent?.name,
      streamed: stream.finalOutput,
      sawEvents: events > 0,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
