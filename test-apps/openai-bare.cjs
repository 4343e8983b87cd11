// The OpenAI SDK alone in a CommonJS script.
const { OpenAI } = require('openai');

async function main() {
  const client = new OpenAI();
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Write a haiku about recursion.' }],
  });
  console.log(JSON.stringify({ app: 'openai-bare-cjs', answer: completion.choices[0].message.content }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
