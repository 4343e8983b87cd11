import { createOpenAI } from '@ai-sdk/openai';
import { generateText, type LanguageModelUsage, stepCountIs, streamText, type ToolSet, tool } from 'ai';
import { type AgentRunner, MAX_TOOL_ROUNDS, runAgentPipeline } from '../agents/pipeline.js';
import type { Pipeline, UsageTotals } from '../pipeline.js';
import { type AnyToolSpec, type ToolSpecs, toolsOf } from '../tools.js';

/** Where the AI SDK's OpenAI provider sends its (Responses API) requests. */
export interface AiSdkTarget {
  readonly baseURL?: string;
  readonly apiKey: string;
  readonly model: string;
  readonly maxRetries: number;
}

const toolSet = (specs: readonly AnyToolSpec[]): ToolSet =>
  Object.fromEntries(
    specs.map((s) => [
      s.name,
      tool({ description: s.description, inputSchema: s.schema, execute: async (input) => s.run(input) }),
    ]),
  );

function add(totals: UsageTotals, usage: LanguageModelUsage): void {
  totals.inputTokens += usage.inputTokens ?? 0;
  totals.outputTokens += usage.outputTokens ?? 0;
}

/**
 * The agents on the Vercel AI SDK (`ai` 7, `@ai-sdk/openai`): each agent is one `generateText` (an
 * analyst: with its tools, in a loop of at most {@link MAX_TOOL_ROUNDS} tool rounds) or `streamText`
 * (a debater), named by `telemetry.functionId`, as the instrumentation's README recommends. No
 * telemetry code here: the AI SDK instrumentation records agents, model calls and tools.
 */
export function aiSdkPipeline(target: AiSdkTarget, specs: ToolSpecs): Pipeline {
  const openai = createOpenAI({
    apiKey: target.apiKey,
    ...(target.baseURL ? { baseURL: target.baseURL } : {}),
  });
  const model = openai(target.model);
  const runner: AgentRunner = async (turn, input, hooks) => {
    const call = {
      model,
      system: turn.system,
      prompt: turn.task,
      temperature: 0,
      maxRetries: target.maxRetries,
      // The end-user field of the request: the embedded server injects failures by it.
      providerOptions: { openai: { user: input.user } },
      telemetry: { functionId: turn.role },
    };
    if (turn.stream) {
      const result = streamText(call);
      let text = '';
      // `fullStream`, not `textStream`: a failed call is an `error` part, which `textStream` drops.
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') text += part.text;
        else if (part.type === 'error') throw part.error;
      }
      add(hooks.usage, await result.totalUsage);
      return text;
    }
    const result = await generateText(
      turn.tools === undefined
        ? call
        : { ...call, tools: toolSet(turn.tools), stopWhen: stepCountIs(MAX_TOOL_ROUNDS + 1) },
    );
    add(hooks.usage, result.totalUsage);
    return result.text;
  };
  return (input, hooks) => runAgentPipeline(runner, (role) => toolsOf(specs, role), input, hooks);
}
