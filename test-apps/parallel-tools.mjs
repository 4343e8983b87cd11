// The classic LangGraph.js quickstart graph: a model node bound to tools, a ToolNode and
// toolsCondition. The model asks for several tools in one turn; ToolNode runs them in parallel.
import { tool } from '@langchain/core/tools';
import { MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { ToolNode, toolsCondition } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const search = tool(async ({ query }) => `Results for "${query}": LangGraph is a library for agents.`, {
  name: 'search',
  description: 'Search the web.',
  schema: z.object({ query: z.string() }),
});
const getTime = tool(async ({ timezone }) => `It is 09:30 in ${timezone}.`, {
  name: 'get_time',
  description: 'Current time in a timezone.',
  schema: z.object({ timezone: z.string() }),
});
const convert = tool(
  async ({ amount, from, to }) => `${amount} ${from} is ${(amount * 0.92).toFixed(2)} ${to}.`,
  {
    name: 'convert_currency',
    description: 'Convert an amount between currencies.',
    schema: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
  },
);

const tools = [search, getTime, convert];
const model = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 }).bindTools(tools);

async function callModel(state) {
  const response = await model.invoke(state.messages);
  return { messages: [response] };
}

const graph = new StateGraph(MessagesAnnotation)
  .addNode('agent', callModel)
  .addNode('tools', new ToolNode(tools))
  .addEdge(START, 'agent')
  .addConditionalEdges('agent', toolsCondition)
  .addEdge('tools', 'agent')
  .compile();

const result = await graph.invoke({
  messages: [
    { role: 'user', content: 'What is LangGraph, what time is it in Tokyo, and what is 100 USD in EUR?' },
  ],
});
console.log(
  JSON.stringify({
    app: 'parallel-tools',
    answer: result.messages.at(-1).content,
    toolResults: result.messages
      .filter((m) => m.getType() === 'tool')
      .map((m) => m.content)
      .sort(),
  }),
);
