// The OpenAI SDK alone, imported the way its README shows (default import).
import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'developer', content: 'Talk like a pirate.' },
    { role: 'user', content: 'Are semicolons optional in JavaScript?' },
  ],
});

const stream = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say this is a test' }],
  stream: true,
});
let streamed = '';
for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';

console.log(
  JSON.stringify({
    app: 'openai-bare',
    answer: completion.choices[0].message.content,
    usage: completion.usage.total_tokens,
    streamed,
  }),
);
