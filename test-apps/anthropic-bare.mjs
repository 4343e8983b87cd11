// The Anthropic SDK alone, imported the way its README shows (default import): a cached system
// prompt, then a JSON message, a `messages.stream()` helper and a raw `stream: true` iteration.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();
const system = [{ type: 'text', text: 'You are a terse assistant.', cache_control: { type: 'ephemeral' } }];

const message = await client.messages.create({
  model: 'claude-sonnet-5-5',
  max_tokens: 1024,
  system,
  messages: [{ role: 'user', content: 'Hello, Claude' }],
});

const helper = await client.messages
  .stream({
    model: 'claude-sonnet-5-5',
    max_tokens: 1024,
    system,
    messages: [{ role: 'user', content: 'Say this is a test' }],
  })
  .finalMessage();

const raw = await client.messages.create({
  model: 'claude-sonnet-5-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Count to three' }],
  stream: true,
});
let streamed = '';
for await (const event of raw) {
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') streamed += event.delta.text;
}

console.log(
  JSON.stringify({
    app: 'anthropic-bare',
    answer: message.content[0].text,
    usage: message.usage.input_tokens + message.usage.output_tokens,
    helper: helper.content[0].text,
    streamed,
  }),
);
