// The Vercel AI SDK in a CommonJS script (`ai` 5, 6 or 7 with `@ai-sdk/openai`; the key and base
// URL from the environment): a multi-step tool loop with generateText, named by its functionId.
const { createOpenAI } = require('@ai-sdk/openai');
const { generateText, jsonSchema, stepCountIs, tool } = require('ai');

// The base URL passed explicitly: @ai-sdk/openai reads OPENAI_BASE_URL only from late 2.0.x on.
const openai = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL });

async function main() {
  const { text, steps } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'What is the price of NVDA?',
    tools: {
      get_price: tool({
        description: 'Last price of a ticker',
        inputSchema: jsonSchema({
          type: 'object',
          properties: { ticker: { type: 'string' } },
          required: ['ticker'],
        }),
        execute: async ({ ticker }) => ({ ticker, price: 123.4 }),
      }),
    },
    stopWhen: stepCountIs(3),
    experimental_telemetry: { isEnabled: true, functionId: 'ai_sdk_cjs_analyst' },
  });
  console.log(JSON.stringify({ app: 'ai-sdk-agent-cjs', answer: text, steps: steps.length }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
