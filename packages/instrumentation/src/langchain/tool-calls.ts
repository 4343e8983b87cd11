import type { Context } from '@opentelemetry/api';
import { obj, str } from '../shared/safe.js';

/** Who asked for a tool call: the name the model used and the context of the model run. */
export interface ToolCallOrigin {
  readonly name: string;
  readonly requester: Context;
  /** The arguments the model gave, for cores that do not pass the tool-call id (0.3.x). */
  readonly args?: unknown;
}

/**
 * The tool calls models asked for, by tool-call id, until the tool runs. It names the tool by the
 * name the model saw (a class-based tool reports only its class to the callbacks), and lets a tool
 * run by a `ToolNode` outside any agent count for the agent whose model asked for it. Bounded:
 * calls that never run (an interrupt, a handoff) are dropped oldest first.
 */
export class ToolCallLedger {
  private readonly calls = new Map<string, ToolCallOrigin>();

  constructor(private readonly maxCalls = 1_000) {}

  /** Records the tool calls of a model's output message (`message.tool_calls`). */
  recordFrom(message: unknown, requester: Context): void {
    const toolCalls = obj(message)?.tool_calls;
    if (!Array.isArray(toolCalls)) return;
    for (const call of toolCalls) {
      const c = obj(call);
      const id = str(c?.id);
      const name = str(c?.name);
      if (id === undefined || name === undefined) continue;
      this.calls.set(id, { name, requester, args: c?.args });
      if (this.calls.size > this.maxCalls) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) this.calls.delete(oldest);
      }
    }
  }

  /** The origin of a tool call, removed (a call runs once). */
  take(toolCallId: unknown): ToolCallOrigin | undefined {
    if (typeof toolCallId !== 'string' || this.calls.size === 0) return undefined;
    const origin = this.calls.get(toolCallId);
    if (origin !== undefined) this.calls.delete(toolCallId);
    return origin;
  }

  /**
   * For `@langchain/core` 0.3.x, which passes neither the tool-call id nor the run name to
   * `handleToolStart`: the oldest pending call whose arguments serialise to the tool's input, removed.
   */
  takeByInput(input: unknown): ToolCallOrigin | undefined {
    if (typeof input !== 'string' || this.calls.size === 0) return undefined;
    for (const [id, origin] of this.calls) {
      let json: string | undefined;
      try {
        json = JSON.stringify(origin.args);
      } catch {
        continue;
      }
      if (json === input) {
        this.calls.delete(id);
        return origin;
      }
    }
    return undefined;
  }

  get size(): number {
    return this.calls.size;
  }
}
