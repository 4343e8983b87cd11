// streamEvents (v2) over a ReAct agent, as chat UIs do to show tokens and tool activity.
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const getForecast = tool(async ({ city }) => `Forecast for ${city}: light rain, 14C.`, {
  name: 'get_forecast',
  description: 'Get the weather forecast for a city.',
  schema: z.object({ city: z.string() }),
});

const agent = createReactAgent({
  llm: new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 }),
  tools: [getForecast],
  name: 'travel_agent',
});

let text = '';
const toolsStarted = [];
let chatModelStarts = 0;
for await (const event of agent.streamEvents(
  { messages: [{ role: 'user', content: 'Should I pack an umbrella for Oslo?' }] },
  { version: 'v2' },
)) {
  if (event.event === 'on_chat_model_start') chatModelStarts++;
  if (event.event === 'on_chat_model_stream' && typeof event.data.chunk.content === 'string') {
    text += event.data.chunk.content;
  }
  if (event.event === 'on_tool_start') toolsStarted.push(event.name);
}
console.log(JSON.stringify({ app: 'stream-events', text, toolsStarted, chatModelStarts }));
