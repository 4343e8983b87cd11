// The Vercel AI SDK (`ai` 5, 6 or 7 with `@ai-sdk/openai`; the key and base URL from the
// environment: OPENAI_API_KEY, OPENAI_BASE_URL), as its docs show it: a multi-step tool loop with
// generateText, the same with streamText, each named by its functionId. `experimental_telemetry`
// with `isEnabled` is how 5 and 6 turn their telemetry on; 7 reads it as its `telemetry` option.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';

// The base URL passed explicitly: @ai-sdk/openai reads OPENAI_BASE_URL only from late 2.0.x on.
const openai = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL });

const tools = {
  get_price: tool({
    description: 'Last price of a ticker',
    inputSchema: jsonSchema({
      type: 'object',
      properties: { ticker: { type: 'string' } },
      required: ['ticker'],
    }),
    execute: async ({ ticker }) => ({ ticker, price: 123.4 }),
  }),
};
const options = (prompt) => ({
  model: openai('gpt-4o-mini'),
  prompt,
  tools,
  stopWhen: stepCountIs(3),
  experimental_telemetry: { isEnabled: true, functionId: 'ai_sdk_analyst' },
});

const { text, steps } = await generateText(options('What is the price of NVDA?'));
let streamed = '';
for await (const delta of streamText(options('And the price of AAPL?')).textStream) streamed += delta;

console.log(JSON.stringify({ app: 'ai-sdk-agent', answer: text, steps: steps.length, streamed }));
