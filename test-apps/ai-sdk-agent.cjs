// The Vercel AI SDK in a CommonJS script (`ai` 5, 6 or 7 with `@ai-sdk/openai`; the key and base
// URL from the environment): a multi-step tool loop with generateText, named by its functionId.
const { openai } = require('@ai-sdk/openai');
const { generateText, jsonSchema, stepCountIs, tool } = require('ai');

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
