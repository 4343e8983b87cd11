// Google's GenAI SDK alone in a CommonJS app (GEMINI_API_KEY, GOOGLE_GEMINI_BASE_URL from the environment,
// passed explicitly: only later SDK versions read them themselves; 1.1.0 falls back to Google auth).
const { GoogleGenAI } = require('@google/genai');

async function main() {
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
  console.log(JSON.stringify({ app: 'google-genai-bare-cjs', answer: response.text, streamed }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
