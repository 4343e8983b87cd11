// A parent graph with a compiled subgraph as one of its nodes, as in the LangGraph.js how-to
// "How to use subgraphs": a research team (its own graph) between a planner and a writer.
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';

const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });

const ResearchState = Annotation.Root({
  topic: Annotation(),
  notes: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const researchTeam = new StateGraph(ResearchState)
  .addNode('searcher', async (state) => {
    const res = await llm.invoke(`List three facts about ${state.topic}.`);
    return { notes: [res.content] };
  })
  .addNode('summarizer', async (state) => {
    const res = await llm.invoke(`Summarize these notes: ${state.notes.join(' ')}`);
    return { notes: [res.content] };
  })
  .addEdge(START, 'searcher')
  .addEdge('searcher', 'summarizer')
  .addEdge('summarizer', END)
  .compile();

const ReportState = Annotation.Root({
  topic: Annotation(),
  notes: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
  plan: Annotation(),
  report: Annotation(),
});

const graph = new StateGraph(ReportState)
  .addNode('planner', async (state) => {
    const res = await llm.invoke(`Write a one-line plan for a report on ${state.topic}.`);
    return { plan: res.content };
  })
  .addNode('research_team', researchTeam)
  .addNode('writer', async (state) => {
    const res = await llm.invoke(`Plan: ${state.plan}\nNotes: ${state.notes.join('\n')}\nWrite the report.`);
    return { report: res.content };
  })
  .addEdge(START, 'planner')
  .addEdge('planner', 'research_team')
  .addEdge('research_team', 'writer')
  .addEdge('writer', END)
  .compile();

const result = await graph.invoke({ topic: 'lithium battery recycling' });
console.log(
  JSON.stringify({ app: 'subgraphs', plan: result.plan, notes: result.notes.length, report: result.report }),
);
