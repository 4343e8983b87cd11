// An app already traced with Langfuse's own SDK, set up as the Langfuse JS docs show:
// NodeSDK + LangfuseSpanProcessor, and the LangChain CallbackHandler passed on invoke.
// Reads LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY / LANGFUSE_BASE_URL from the environment.

import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { CallbackHandler } from '@langfuse/langchain';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { NodeSDK } from '@opentelemetry/sdk-node';

const langfuseSpanProcessor = new LangfuseSpanProcessor();
const sdk = new NodeSDK({ spanProcessors: [langfuseSpanProcessor] });
sdk.start();

const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
const State = Annotation.Root({ question: Annotation(), research: Annotation(), answer: Annotation() });
const graph = new StateGraph(State)
  .addNode('researcher', async ({ question }) => ({
    research: (await llm.invoke(`Research: ${question}`)).content,
  }))
  .addNode('responder', async ({ research }) => ({
    answer: (await llm.invoke(`Answer using: ${research}`)).content,
  }))
  .addEdge(START, 'researcher')
  .addEdge('researcher', 'responder')
  .addEdge('responder', END)
  .compile();

const langfuseHandler = new CallbackHandler({ sessionId: 'session-1', userId: 'user-1' });
const answers = [];
for (const question of ['What is a vector database?', 'What is RAG?']) {
  const result = await graph.invoke({ question }, { callbacks: [langfuseHandler] });
  answers.push(result.answer);
}
// Short-lived work: flush before reporting, as the Langfuse docs recommend.
await langfuseSpanProcessor.forceFlush();
console.log(JSON.stringify({ app: 'langfuse-sdk', answers }));
