// A prebuilt ReAct agent with a function tool and a class-based tool, as in the LangGraph.js docs
// ("How to use the prebuilt ReAct agent"). The model may call both tools in one turn.
import { StructuredTool, tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const getWeather = tool(
  async ({ city }) =>
    String(city).toLowerCase().includes('sf') ? "It's 60 degrees and foggy." : "It's 90 degrees and sunny.",
  {
    name: 'get_weather',
    description: 'Call to get the current weather for a city.',
    schema: z.object({ city: z.string().describe('The city to get the weather for') }),
  },
);

// Class-based tools are common in older apps and in community integrations.
class StockPriceTool extends StructuredTool {
  name = 'get_stock_price';
  description = 'Look up the latest price of a stock ticker.';
  schema = z.object({ ticker: z.string().describe('The ticker symbol, e.g. AAPL') });

  async _call({ ticker }) {
    return JSON.stringify({ ticker, price: 187.5, currency: 'USD' });
  }
}

const model = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });

const agent = createReactAgent({
  llm: model,
  tools: [getWeather, new StockPriceTool()],
  name: 'weather_agent',
});

const result = await agent.invoke({
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Use tools when useful.' },
    { role: 'user', content: "What's the weather in SF, and what is AAPL trading at?" },
  ],
});

const last = result.messages.at(-1);
console.log(
  JSON.stringify({
    app: 'react-agent',
    answer: last.content,
    tools: result.messages.filter((m) => m.getType() === 'tool').map((m) => `${m.name}=${m.content}`),
    messages: result.messages.length,
  }),
);
