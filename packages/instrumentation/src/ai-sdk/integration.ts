import { context } from '@opentelemetry/api';
import {
  getAgentName,
  startAgent,
  startGeneration,
  startTool,
} from '@tradingagents/telemetry/instrumentation-api';
import { isRecordedAbove } from '../shared/model-call-context.js';
import { num, obj, safely, str } from '../shared/safe.js';
import { type CallState, endAll } from './call-state.js';
import { inputOf, messageOf } from './content.js';
import { providerOf } from './provider.js';
import { embeddingUsageOf, usageOf } from './usage.js';

type Json = Record<string, unknown>;
type Listener = (event: unknown) => void;
type Execute = (options: { callId?: unknown; toolCallId?: unknown; execute: () => unknown }) => unknown;

/** Marks our integration in `AI_SDK_TELEMETRY_INTEGRATIONS` (shared by our ESM and CJS builds). */
export const OURS = Symbol.for('@tradingagents/instrumentation.ai-sdk-integration');

/** The AI SDK `Telemetry` integration we register: the lifecycle listeners we implement. */
export interface AiSdkTelemetryIntegration {
  readonly [OURS]: true;
  onStart: Listener;
  onLanguageModelCallStart: Listener;
  onLanguageModelCallEnd: Listener;
  onObjectStepStart: Listener;
  onObjectStepEnd: Listener;
  onToolExecutionStart: Listener;
  onToolExecutionEnd: Listener;
  onEmbedStart: Listener;
  onEmbedEnd: Listener;
  onEnd: Listener;
  onAbort: Listener;
  onError: Listener;
  executeLanguageModelCall: Execute;
  executeTool: Execute;
}

function modelParametersOf(e: Json): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [from, to] of [
    ['temperature', 'temperature'],
    ['maxOutputTokens', 'max_tokens'],
    ['topP', 'top_p'],
  ] as const) {
    const value = num(e[from]);
    if (value !== undefined) out[to] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Operations in flight we keep state for. A `streamText` whose stream is never consumed reports no
 * end: past this many open operations the oldest is ended, so that state never grows without bound.
 */
const MAX_OPEN_CALLS = 10_000;

const finishReasonOf = (value: unknown): string | undefined => str(value) ?? str(obj(value)?.unified);

/**
 * The integration: one agent per operation named by its `functionId` (else the observations join
 * the enclosing `trackAgent` scope, if any), one generation per model call and per embedding call,
 * one tool observation per tool execution. Every listener is synchronous and never throws: the SDK
 * awaits its listeners, so ours add no latency and no failure to the user's call.
 */
export function createIntegration(enabled: () => boolean): AiSdkTelemetryIntegration {
  const calls = new Map<string, CallState>();
  const stateOf = (event: unknown): CallState | undefined => {
    const id = str(obj(event)?.callId);
    return id === undefined ? undefined : calls.get(id);
  };
  const listener =
    (what: string, fn: (e: Json) => void): Listener =>
    (event) =>
      safely(`AI SDK ${what}`, () => fn(obj(event) ?? {}), undefined);
  const finish = (e: Json, error?: unknown): void => {
    const id = str(e.callId);
    const state = id === undefined ? undefined : calls.get(id);
    if (id === undefined || !state) return;
    calls.delete(id);
    endAll(state, error);
  };

  const startModelCall = (e: Json, input: unknown): void => {
    const state = stateOf(e);
    if (!state) return;
    state.generation?.end();
    state.generation = startGeneration(
      {
        model: str(e.modelId) ?? 'unknown',
        provider: providerOf(e.provider),
        operation: 'chat',
        input,
        modelParameters: modelParametersOf(e),
      },
      { parentContext: state.parent },
    );
  };
  const endModelCall = (e: Json, output: unknown): void => {
    const state = stateOf(e);
    const generation = state?.generation;
    if (!state || !generation) return;
    state.generation = undefined;
    const usage = usageOf(e.usage);
    if (usage) generation.setUsage(usage);
    const reason = finishReasonOf(e.finishReason);
    const response = obj(e.response);
    generation.setResponse({
      model: str(response?.modelId),
      id: str(e.responseId) ?? str(response?.id),
      finishReasons: reason === undefined ? [] : [reason],
    });
    generation.setOutput(output);
    generation.end();
  };

  const run: Execute = ({ callId, toolCallId, execute }) => {
    const state = safely('AI SDK context', () => calls.get(str(callId) ?? ''), undefined);
    const scope =
      state && (toolCallId === undefined ? state.generation : state.tools.get(str(toolCallId) ?? ''));
    const ctx = scope?.context ?? state?.parent;
    return ctx === undefined ? execute() : context.with(ctx, execute);
  };

  return {
    [OURS]: true,
    onStart: listener('start', (e) => {
      const id = str(e.callId);
      const active = context.active();
      if (id === undefined || !enabled() || isRecordedAbove(active)) return;
      const name = str(e.functionId);
      // `trackAgent('x', () => generateText({ telemetry: { functionId: 'x' } }))` is one agent.
      const agent = name !== undefined && name !== getAgentName(active) ? startAgent(name) : undefined;
      if (calls.size >= MAX_OPEN_CALLS) {
        const [oldest] = calls.keys();
        if (oldest !== undefined) finish({ callId: oldest });
      }
      calls.set(id, {
        agent,
        parent: agent?.context ?? active,
        generation: undefined,
        tools: new Map(),
        embeds: new Map(),
      });
    }),
    onLanguageModelCallStart: listener('model call start', (e) => startModelCall(e, inputOf(e))),
    onLanguageModelCallEnd: listener('model call end', (e) => endModelCall(e, [messageOf(e.content)])),
    // generateObject / streamObject report their one model call as an object step.
    onObjectStepStart: listener('object step start', (e) => startModelCall(e, e.promptMessages)),
    onObjectStepEnd: listener('object step end', (e) => endModelCall(e, e.objectText)),
    onToolExecutionStart: listener('tool start', (e) => {
      const state = stateOf(e);
      const call = obj(e.toolCall);
      const toolCallId = str(call?.toolCallId);
      if (!state || !call || toolCallId === undefined) return;
      state.tools.set(
        toolCallId,
        startTool(str(call.toolName) ?? 'unknown', call.input, { parentContext: state.parent }),
      );
    }),
    onToolExecutionEnd: listener('tool end', (e) => {
      const state = stateOf(e);
      const output = obj(e.toolOutput);
      const toolCallId = str(obj(e.toolCall)?.toolCallId) ?? str(output?.toolCallId);
      const tool = toolCallId === undefined ? undefined : state?.tools.get(toolCallId);
      if (!state || !tool || toolCallId === undefined) return;
      state.tools.delete(toolCallId);
      if (output?.type === 'tool-error') {
        tool.end(output.error ?? new Error('tool failed'));
        return;
      }
      tool.setOutput(output?.output);
      tool.end();
    }),
    onEmbedStart: listener('embed start', (e) => {
      const state = stateOf(e);
      const embedCallId = str(e.embedCallId);
      if (!state || embedCallId === undefined) return;
      const model = str(e.modelId) ?? 'unknown';
      state.embeds.set(
        embedCallId,
        startGeneration(
          {
            model,
            provider: providerOf(e.provider),
            operation: 'embeddings',
            name: `embeddings ${model}`,
            input: e.values,
          },
          { parentContext: state.parent },
        ),
      );
    }),
    onEmbedEnd: listener('embed end', (e) => {
      const state = stateOf(e);
      const embedCallId = str(e.embedCallId);
      const generation = embedCallId === undefined ? undefined : state?.embeds.get(embedCallId);
      if (!state || !generation || embedCallId === undefined) return;
      state.embeds.delete(embedCallId);
      const usage = embeddingUsageOf(e.usage);
      if (usage) generation.setUsage(usage);
      generation.end();
    }),
    onEnd: listener('end', (e) => finish(e)),
    onAbort: listener('abort', (e) => finish(e)),
    onError: listener('error', (e) => finish(e, e.error ?? new Error('AI SDK operation failed'))),
    executeLanguageModelCall: run,
    executeTool: run,
  };
}
