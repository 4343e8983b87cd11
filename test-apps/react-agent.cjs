// The same kind of ReAct agent in a CommonJS app (require), as older Express-style services are written.
const { tool } = require('@langchain/core/tools');
const { createReactAgent } = require('@langchain/langgraph/prebuilt');
const { ChatOpenAI } = require('@langchain/openai');
const { z } = require('zod');

const lookupOrder = tool(async ({ orderId }) => `Order ${orderId} shipped yesterday.`, {
  name: 'lookup_order',
  description: 'Look up the status of an order by id.',
  schema: z.object({ orderId: z.string() }),
});

const agent = createReactAgent({
  llm: new ChatOpenAI({ model: 'gpt-4o-mini' }),
  tools: [lookupOrder],
  name: 'support_agent',
});

async function main() {
  const result = await agent.invoke({
    messages: [{ role: 'user', content: 'Where is my order 42?' }],
  });
  const last = result.messages[result.messages.length - 1];
  console.log(
    JSON.stringify({ app: 'react-agent-cjs', answer: last.content, messages: result.messages.length }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
