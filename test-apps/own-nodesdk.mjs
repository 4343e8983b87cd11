// An app that set up OpenTelemetry itself with NodeSDK and an exporter of its own (here an
// in-memory one it reports from), and traces its own request handling around a LangGraph run.

import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
const sdk = new NodeSDK({ serviceName: 'orders-api', spanProcessors: [processor] });
sdk.start();

const tracer = trace.getTracer('orders-api');
const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
const State = Annotation.Root({ order: Annotation(), risk: Annotation(), decision: Annotation() });
const graph = new StateGraph(State)
  .addNode('fraud_check', async ({ order }) => ({
    risk: (await llm.invoke(`Assess fraud risk: ${order}`)).content,
  }))
  .addNode('approver', async ({ risk }) => ({
    decision: (await llm.invoke(`Approve given: ${risk}`)).content,
  }))
  .addEdge(START, 'fraud_check')
  .addEdge('fraud_check', 'approver')
  .addEdge('approver', END)
  .compile();

const decision = await tracer.startActiveSpan('handle_order', async (span) => {
  try {
    const result = await graph.invoke({ order: 'order-7 for 3 laptops' });
    span.setAttribute('order.id', 'order-7');
    return result.decision;
  } finally {
    span.end();
  }
});

// Resource detection is asynchronous: flush before reading what was exported.
await processor.forceFlush();
const ownSpans = exporter
  .getFinishedSpans()
  .filter((s) => (s.instrumentationScope ?? s.instrumentationLibrary).name === 'orders-api')
  .map((s) => s.name);
console.log(JSON.stringify({ app: 'own-nodesdk', decision, ownSpans }));
