// Streaming a graph: token by token with streamMode 'messages', then node by node with 'updates'.
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';

const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });

const State = Annotation.Root({
  question: Annotation(),
  draft: Annotation(),
  answer: Annotation(),
});

const graph = new StateGraph(State)
  .addNode('drafter', async (state) => ({
    draft: (await llm.invoke(`Draft an answer: ${state.question}`)).content,
  }))
  .addNode('critic', async (state) => ({
    answer: (await llm.invoke(`Improve this draft: ${state.draft}`)).content,
  }))
  .addEdge(START, 'drafter')
  .addEdge('drafter', 'critic')
  .addEdge('critic', END)
  .compile();

let tokens = '';
const nodesSeen = new Set();
for await (const [chunk, metadata] of await graph.stream(
  { question: 'Why is the sky blue?' },
  { streamMode: 'messages' },
)) {
  tokens += chunk.content;
  nodesSeen.add(metadata.langgraph_node);
}

const updates = [];
for await (const update of await graph.stream(
  { question: 'Why is the sea salty?' },
  { streamMode: 'updates' },
)) {
  updates.push(...Object.keys(update));
}

console.log(JSON.stringify({ app: 'streaming', tokens, nodes: [...nodesSeen].sort(), updates }));
