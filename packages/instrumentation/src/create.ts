import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AiSdkInstrumentation } from './ai-sdk/instrumentation.js';
import type { AiSdkInstrumentationConfig } from './ai-sdk/types.js';
import { AnthropicInstrumentation } from './anthropic/instrumentation.js';
import type { AnthropicInstrumentationConfig } from './anthropic/types.js';
import { GoogleGenAIInstrumentation } from './google-genai/instrumentation.js';
import type { GoogleGenAIInstrumentationConfig } from './google-genai/types.js';
import { LangChainInstrumentation } from './langchain/instrumentation.js';
import type { LangChainInstrumentationConfig } from './langchain/types.js';
import { OpenAIInstrumentation } from './openai/instrumentation.js';
import type { OpenAIInstrumentationConfig } from './openai/types.js';
import { OpenAIAgentsInstrumentation } from './openai-agents/instrumentation.js';
import type { OpenAIAgentsInstrumentationConfig } from './openai-agents/types.js';

/** Which instrumentations {@link createTradingAgentsInstrumentations} creates, and their options. */
export interface TradingAgentsInstrumentationsOptions {
  /**
   * LangChain.js / LangGraph.js: `true`, `false`, or its options.
   * @default true
   */
  langchain?: boolean | LangChainInstrumentationConfig;
  /**
   * The OpenAI Node SDK: `true`, `false`, or its options.
   * @default true
   */
  openai?: boolean | OpenAIInstrumentationConfig;
  /**
   * Google's GenAI SDK (`@google/genai`): `true`, `false`, or its options.
   * @default true
   */
  googleGenAI?: boolean | GoogleGenAIInstrumentationConfig;
  /**
   * The Anthropic TypeScript SDK (`@anthropic-ai/sdk`): `true`, `false`, or its options.
   * @default true
   */
  anthropic?: boolean | AnthropicInstrumentationConfig;
  /**
   * The OpenAI Agents SDK (`@openai/agents`): `true`, `false`, or its options.
   * @default true
   */
  openaiAgents?: boolean | OpenAIAgentsInstrumentationConfig;
  /**
   * The Vercel AI SDK (`ai` 7): `true`, `false`, or its options.
   * @default true
   */
  aiSdk?: boolean | AiSdkInstrumentationConfig;
}

const optionsOf = <T extends object>(value: boolean | T | undefined): T | undefined =>
  value === false ? undefined : value === true || value === undefined ? ({} as T) : value;

/**
 * The instrumentations `registerTradingAgentsTelemetry()` installs (the core calls this with
 * `{ langchain, openai, googleGenAI, anthropic, openaiAgents, aiSdk }` from its `autoInstrument`
 * options). Use it yourself to pass them to another `NodeSDK`.
 *
 * @example
 * ```ts
 * const sdk = new NodeSDK({ instrumentations: createTradingAgentsInstrumentations({ openai: { includeStreamUsage: true } }) });
 * ```
 */
export function createTradingAgentsInstrumentations(
  options: TradingAgentsInstrumentationsOptions = {},
): Instrumentation[] {
  const instrumentations: Instrumentation[] = [];
  const langchain = optionsOf(options.langchain);
  if (langchain) instrumentations.push(new LangChainInstrumentation(langchain));
  const openai = optionsOf(options.openai);
  if (openai) instrumentations.push(new OpenAIInstrumentation(openai));
  const googleGenAI = optionsOf(options.googleGenAI);
  if (googleGenAI) instrumentations.push(new GoogleGenAIInstrumentation(googleGenAI));
  const anthropic = optionsOf(options.anthropic);
  if (anthropic) instrumentations.push(new AnthropicInstrumentation(anthropic));
  const openaiAgents = optionsOf(options.openaiAgents);
  if (openaiAgents) instrumentations.push(new OpenAIAgentsInstrumentation(openaiAgents));
  const aiSdk = optionsOf(options.aiSdk);
  if (aiSdk) instrumentations.push(new AiSdkInstrumentation(aiSdk));
  return instrumentations;
}
