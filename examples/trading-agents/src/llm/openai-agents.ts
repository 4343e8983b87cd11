import { Agent, OpenAIProvider, Runner, tool } from '@openai/agents';
import { z } from 'zod';
import { type AgentRunner, MAX_TOOL_ROUNDS, runAgentPipeline } from '../agents/pipeline.js';
import type { Pipeline, UsageTotals } from '../pipeline.js';
import { type AnyToolSpec, type ToolSpecs, toolsOf } from '../tools.js';

/** Where the Agents SDK's OpenAI provider sends its (Responses API) requests. */
export interface OpenAIAgentsTarget {
  readonly baseURL?: string;
  readonly apiKey: string;
  readonly model: string;
}

/** The SDK's `JsonObjectSchemaNonStrict` (not re-exported by `@openai/agents`). */
type NonStrictSchema = {
  type: 'object';
  properties: Record<string, never>;
  required: string[];
  additionalProperties: true;
};

function nonStrict(s: AnyToolSpec): NonStrictSchema {
  const json = z.toJSONSchema(s.schema, { io: 'input' });
  return {
    type: 'object',
    properties: (json.properties ?? {}) as Record<string, never>,
    required: json.required ?? [],
    additionalProperties: true,
  };
}

const functionTool = (s: AnyToolSpec) =>
  tool({
    name: s.name,
    description: s.description,
    // `days` has a default, so it is optional: not expressible in a strict schema, which the SDK
    // makes of a zod schema. Hence the JSON schema of the tool's input, non-strict.
    parameters: nonStrict(s),
    strict: false,
    execute: async (input) => s.run(input as Record<string, unknown>),
  });

function add(
  totals: UsageTotals,
  responses: readonly { usage: { inputTokens: number; outputTokens: number } }[],
) {
  for (const response of responses) {
    totals.inputTokens += response.usage.inputTokens;
    totals.outputTokens += response.usage.outputTokens;
  }
}

/**
 * The agents on the OpenAI Agents SDK (`@openai/agents`): each agent is an `Agent` named after its
 * role, with the analysts' tools as function tools, run with `run()` (streamed for the debaters).
 * No telemetry code here: the Agents SDK instrumentation turns the SDK's agent and function spans
 * into agents and tools, and the OpenAI instrumentation records the model calls.
 */
export function openAIAgentsPipeline(target: OpenAIAgentsTarget, specs: ToolSpecs): Pipeline {
  const runner = new Runner({
    modelProvider: new OpenAIProvider({
      apiKey: target.apiKey,
      ...(target.baseURL ? { baseURL: target.baseURL } : {}),
      useResponses: true,
    }),
    workflowName: 'trading_agents',
  });
  const run: AgentRunner = async (turn, input, hooks) => {
    const agent = new Agent({
      name: turn.role,
      instructions: turn.system,
      model: target.model,
      tools: (turn.tools ?? []).map(functionTool),
      // The end-user field of the request: the embedded server injects failures by it.
      modelSettings: { temperature: 0, providerData: { user: input.user } },
    });
    // One model turn per tool round, plus the report.
    const options = { maxTurns: MAX_TOOL_ROUNDS + 1 };
    if (turn.stream) {
      const result = await runner.run(agent, turn.task, { ...options, stream: true });
      for await (const _event of result) {
        // consumed as a UI would; the text is the final output
      }
      await result.completed;
      add(hooks.usage, result.rawResponses);
      return String(result.finalOutput ?? '');
    }
    const result = await runner.run(agent, turn.task, options);
    add(hooks.usage, result.rawResponses);
    return String(result.finalOutput ?? '');
  };
  return (input, hooks) => runAgentPipeline(run, (role) => toolsOf(specs, role), input, hooks);
}
