import { context } from '@opentelemetry/api';
import { startTool } from '@tradingagents/telemetry';
import { log, obj, str } from '../shared/safe.js';
import { isControlFlow } from './control-flow.js';
import { runInScope } from './run-scope.js';

type AnyFn = (...args: unknown[]) => unknown;

/** The input the callback handler receives for a tool run: a tool call's args, an object, or a string. */
function toolInputOf(arg: unknown): unknown {
  const a = obj(arg);
  const input = a !== undefined && a.type === 'tool_call' && 'args' in a ? a.args : arg;
  return input !== null && typeof input === 'object' && !Array.isArray(input)
    ? input
    : typeof arg === 'string'
      ? arg
      : // Stringified only when content capture serialises it.
        { toJSON: () => JSON.stringify(arg) };
}

/**
 * Wraps `StructuredTool.prototype.call` (what `invoke` runs; `DynamicTool` and
 * `DynamicStructuredTool` reach it through `super.call`) in an `execute_tool` scope under the active
 * context. `enabled()` is read per call, so the callback mode sees the original behaviour.
 */
export function wrapToolCall(original: AnyFn, enabled: () => boolean): AnyFn {
  return function callWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    let scope: ReturnType<typeof startTool> | undefined;
    try {
      if (enabled()) {
        const name = str(obj(args[1])?.runName) ?? str(obj(this)?.name) ?? 'tool';
        scope = startTool(name, toolInputOf(args[0]), { parentContext: context.active() });
      }
    } catch (error) {
      log.error('StructuredTool.call patch failed', error);
    }
    if (scope === undefined) return original.apply(this, args);
    const tool = scope;
    return runInScope(
      tool.context,
      (error) => tool.end(isControlFlow(error) ? undefined : error),
      () => original.apply(this, args),
      // A ToolMessage carries the result in `content`; a plain tool returns the value itself.
      (output) => tool.setOutput(obj(output)?.content ?? output),
    );
  };
}
