// A tool that itself calls a model (a "summarize" tool), used by a ReAct agent.
import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
const summarizer = new ChatOpenAI({ model: 'gpt-4.1-mini', temperature: 0 });

const summarize = tool(
  async ({ text }) => {
    const res = await summarizer.invoke([
      { role: 'system', content: 'Summarize the text in one sentence.' },
      { role: 'user', content: text },
    ]);
    return res.content;
  },
  {
    name: 'summarize',
    description: 'Summarize a long text in one sentence.',
    schema: z.object({ text: z.string() }),
  },
);

// As in LangGraph's README quickstart: a checkpointer, and a thread per conversation.
const agent = createReactAgent({
  llm,
  tools: [summarize],
  name: 'editor',
  checkpointSaver: new MemorySaver(),
});
const result = await agent.invoke(
  {
    messages: [
      {
        role: 'user',
        content: 'Summarize: The quarterly report shows revenue up 12% on strong cloud demand.',
      },
    ],
  },
  { configurable: { thread_id: 'report-1' } },
);
console.log(
  JSON.stringify({
    app: 'llm-in-tool',
    answer: result.messages.at(-1).content,
    summary: result.messages.find((m) => m.getType() === 'tool')?.content ?? null,
  }),
);
