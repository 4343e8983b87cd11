// LangChain 1.x's createAgent (the `langchain` package), the current recommended agent API.
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

const getWeather = tool(({ city }) => `It's always sunny in ${city}!`, {
  name: 'get_weather',
  description: 'Get the weather for a given city',
  schema: z.object({ city: z.string() }),
});

const agent = createAgent({
  model: 'openai:gpt-4o-mini',
  tools: [getWeather],
  name: 'weather_assistant',
});

const result = await agent.invoke({ messages: [{ role: 'user', content: "What's the weather in Tokyo?" }] });
console.log(
  JSON.stringify({
    app: 'create-agent',
    answer: result.messages.at(-1).content,
    messages: result.messages.length,
  }),
);
