// A run-once CLI script: runs a graph, prints its result and exits on its own (no shutdown call).
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';

const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });

const State = Annotation.Root({ ticker: Annotation(), analysis: Annotation(), summary: Annotation() });
const graph = new StateGraph(State)
  .addNode('analyst', async ({ ticker }) => ({ analysis: (await llm.invoke(`Analyse ${ticker}.`)).content }))
  .addNode('reporter', async ({ analysis }) => ({
    summary: (await llm.invoke(`Summarise: ${analysis}`)).content,
  }))
  .addEdge(START, 'analyst')
  .addEdge('analyst', 'reporter')
  .addEdge('reporter', END)
  .compile();

const ticker = process.argv[2] ?? 'MSFT';
const result = await graph.invoke({ ticker });
console.log(JSON.stringify({ app: 'cli-run-once', ticker, summary: result.summary }));
