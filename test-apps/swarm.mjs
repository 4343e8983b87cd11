// A swarm of two agents handing off to each other, as in the @langchain/langgraph-swarm README.
import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { createHandoffTool, createSwarm } from '@langchain/langgraph-swarm';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const model = new ChatOpenAI({ model: 'gpt-4o-mini' });

const add = tool(async (args) => args.a + args.b, {
  name: 'add',
  description: 'Add two numbers.',
  schema: z.object({ a: z.number(), b: z.number() }),
});

const alice = createReactAgent({
  llm: model,
  tools: [add, createHandoffTool({ agentName: 'Bob' })],
  name: 'Alice',
  prompt: 'You are Alice, an addition expert.',
});

const bob = createReactAgent({
  llm: model,
  tools: [
    createHandoffTool({ agentName: 'Alice', description: 'Transfer to Alice, she can help with math' }),
  ],
  name: 'Bob',
  prompt: 'You are Bob, you speak like a pirate.',
});

const checkpointer = new MemorySaver();
const app = createSwarm({ agents: [alice, bob], defaultActiveAgent: 'Alice' }).compile({ checkpointer });

const config = { configurable: { thread_id: '1' } };
const turn1 = await app.invoke({ messages: [{ role: 'user', content: "i'd like to speak to Bob" }] }, config);
const turn2 = await app.invoke({ messages: [{ role: 'user', content: "what's 5 + 7?" }] }, config);

console.log(
  JSON.stringify({
    app: 'swarm',
    turn1: turn1.messages.at(-1).content,
    turn2: turn2.messages.at(-1).content,
    activeAgent: turn2.activeAgent,
    messages: turn2.messages.length,
  }),
);
