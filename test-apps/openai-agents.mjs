// The OpenAI Agents SDK (`@openai/agents`) as its docs show it: a triage agent that hands off to a
// specialist with a function tool, then the specialist alone with a streamed run. The SDK's OpenAI
// client reads OPENAI_API_KEY / OPENAI_BASE_URL itself.
import { Agent, run, tool } from '@openai/agents';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny and 22°C in ${city}`,
});

const weatherAgent = new Agent({
  name: 'weather_agent',
  instructions: 'You answer weather questions; always call get_weather.',
  model: 'gpt-4o-mini',
  tools: [getWeather],
});

const triageAgent = new Agent({
  name: 'triage_agent',
  instructions: 'Hand weather questions to the weather agent.',
  model: 'gpt-4o-mini',
  handoffs: [weatherAgent],
});

const first = await run(triageAgent, 'What is the weather in Paris?');

const stream = await run(weatherAgent, 'And in Rome?', { stream: true });
let streamed = '';
for await (const chunk of stream.toTextStream()) streamed += chunk;
await stream.completed;

console.log(
  JSON.stringify({
    app: 'openai-agents',
    answer: first.finalOutput,
    lastAgent: first.lastAgent?.name,
    streamed,
  }),
);
