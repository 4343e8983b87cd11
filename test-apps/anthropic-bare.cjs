// The Anthropic SDK alone in a CommonJS script, with a cached system prompt.
const { Anthropic } = require('@anthropic-ai/sdk');

async function main() {
  const client = new Anthropic();
  const message = await client.messages.create({
    model: 'claude-sonnet-5-5',
    max_tokens: 1024,
    system: [{ type: 'text', text: 'You are a poet.', cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: 'Write a haiku about recursion.' }],
  });
  console.log(JSON.stringify({ app: 'anthropic-bare-cjs', answer: message.content[0].text }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
