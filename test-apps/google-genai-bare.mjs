// Google's GenAI SDK alone, the way its README shows it: a JSON call, a streamed call and an embedding.
// The key and base URL come from GEMINI_API_KEY and GOOGLE_GEMINI_BASE_URL, passed explicitly: only
// later SDK versions read them from the environment themselves (1.1.0 falls back to Google auth).
import { GoogleGenAI } from '@google/genai';

const ai = new GoogleGenAI({
  apiKey: process.env.GEMINI_API_KEY,
  httpOptions: { baseUrl: process.env.GOOGLE_GEMINI_BASE_URL },
});

const response = await ai.models.generateContent({
  model: 'gemini-2.5-flash',
  contents: 'Why is the sky blue?',
});

let streamed = '';
for await (const chunk of await ai.models.generateContentStream({
  model: 'gemini-2.5-flash',
  contents: 'Write a story about a magic backpack.',
})) {
  streamed += chunk.text ?? '';
}

const embedding = await ai.models.embedContent({
  model: 'gemini-embedding-001',
  contents: 'What is the meaning of life?',
});

console.log(
  JSON.stringify({
    app: 'google-genai-bare',
    answer: response.text,
    usage: response.usageMetadata?.totalTokenCount,
    streamed,
    dimensions: embedding.embeddings?.[0]?.values?.length,
  }),
);
