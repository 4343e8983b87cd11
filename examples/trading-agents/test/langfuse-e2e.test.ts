import { describeProviderAgreement } from './support/provider-agreement.js';

// The LangGraph providers (LangChain chat models); the AI SDK and the Agents SDK, which need Node
// >= 22, are in langfuse-e2e-node22.test.ts.
describeProviderAgreement('openai', 'gpt-4o-mini');
describeProviderAgreement('anthropic', 'claude-haiku-4-5');
describeProviderAgreement('google', 'gemini-2.5-flash');
