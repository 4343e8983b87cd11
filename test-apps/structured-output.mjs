// Structured output with withStructuredOutput (a zod schema) inside a graph node, then a plain call.
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const Ticket = z.object({
  category: z.enum(['billing', 'technical', 'other']).describe('Ticket category'),
  priority: z.number().int().describe('1 (low) to 3 (high)'),
  summary: z.string().describe('One-line summary'),
});

const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
const classifier = llm.withStructuredOutput(Ticket, { name: 'ticket' });

const State = Annotation.Root({
  email: Annotation(),
  ticket: Annotation(),
  reply: Annotation(),
});

const graph = new StateGraph(State)
  .addNode('classify', async (state) => ({
    ticket: await classifier.invoke(`Classify this email: ${state.email}`),
  }))
  .addNode('respond', async (state) => {
    const res = await llm.invoke(
      `Write a short reply to a ${state.ticket.category} ticket: ${state.ticket.summary}`,
    );
    return { reply: res.content };
  })
  .addEdge(START, 'classify')
  .addEdge('classify', 'respond')
  .addEdge('respond', END)
  .compile();

const result = await graph.invoke({ email: 'I was charged twice for my subscription this month.' });
console.log(JSON.stringify({ app: 'structured-output', ticket: result.ticket, reply: result.reply }));
