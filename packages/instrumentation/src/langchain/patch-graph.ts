import { context, trace } from '@opentelemetry/api';
import { startAgent } from '@tradingagents/telemetry';
import { log, obj, str } from '../shared/safe.js';
import { isControlFlow } from './control-flow.js';
import { asStrings } from './handler.js';
import { startRootChainSpan } from './root-span.js';
import { runInScope } from './run-scope.js';
import type { LangGraphNodeInfo } from './types.js';

type AnyFn = (...args: unknown[]) => unknown;

/** What direct mode needs to record a LangGraph node or graph run. */
export interface DirectGraphOptions {
  resolveAgentName(info: LangGraphNodeInfo): string | undefined;
  rootSpan: boolean;
}

interface Invokable {
  invoke(input: unknown, config?: unknown): unknown;
}

/**
 * Runs one LangGraph task (a node's runnable) inside an `invoke_agent` scope, when its node is an
 * agent. The task's config carries the node name (`langgraph_node`) and run name, as the callback
 * handler sees them. The node runs in the agent's context: its model and tool calls nest under it
 * through the active context (AsyncLocalStorage keeps parallel branches apart).
 */
function invokeNode(options: DirectGraphOptions, node: Invokable, input: unknown, config: unknown): unknown {
  let agent: ReturnType<typeof startAgent> | undefined;
  try {
    const c = obj(config);
    const metadata = obj(c?.metadata);
    const name = str(metadata?.langgraph_node);
    if (name !== undefined) {
      const agentName = options.resolveAgentName({
        node: name,
        runName: str(c?.runName),
        metadata: metadata as Record<string, unknown>,
        tags: asStrings(c?.tags),
      });
      if (agentName !== undefined) agent = startAgent(agentName, { parentContext: context.active() });
    }
  } catch (error) {
    log.error('LangGraph node patch failed', error);
  }
  if (agent === undefined) return node.invoke(input, config);
  const scope = agent;
  return runInScope(
    scope.context,
    (error) => scope.end(isControlFlow(error) ? undefined : error),
    () => node.invoke(input, config),
  );
}

/**
 * Wraps `PregelNode.prototype.getNode`, which LangGraph calls when it prepares each task, so that
 * the runnable it returns is invoked through {@link invokeNode}. The original runnable is left
 * untouched; the task gets an object that inherits from it with its own `invoke`.
 */
export function wrapGetNode(original: AnyFn, options: () => DirectGraphOptions | undefined): AnyFn {
  return function getNodeWithTelemetry(this: unknown, ...args: unknown[]): unknown {
    const node = original.apply(this, args) as Invokable | undefined;
    const o = options();
    if (o === undefined || node === null || typeof node !== 'object' || typeof node.invoke !== 'function')
      return node;
    try {
      const task = Object.create(node) as Invokable;
      task.invoke = (input, config) => invokeNode(o, node, input, config);
      return task;
    } catch (error) {
      log.error('LangGraph getNode patch failed', error);
      return node;
    }
  };
}

/**
 * Wraps `Pregel.prototype.invoke`: a graph invoked outside any span gets a root `chain` span named
 * after the graph (as the callback handler opens for a root run), so its agents share one trace.
 */
export function wrapGraphInvoke(original: AnyFn, options: () => DirectGraphOptions | undefined): AnyFn {
  return function invokeWithRootSpan(this: unknown, ...args: unknown[]): unknown {
    let root: ReturnType<typeof startRootChainSpan> | undefined;
    try {
      const o = options();
      const ctx = context.active();
      if (o?.rootSpan && trace.getSpan(ctx) === undefined) {
        const self = obj(this);
        const getName = self?.getName;
        const name =
          str(obj(args[1])?.runName) ??
          (typeof getName === 'function' ? str(getName.call(this)) : undefined) ??
          'langchain';
        root = startRootChainSpan(name, ctx);
      }
    } catch (error) {
      log.error('LangGraph invoke patch failed', error);
    }
    if (root === undefined) return original.apply(this, args);
    const { ctx, end } = root;
    return runInScope(
      ctx,
      (error) => end(isControlFlow(error) ? undefined : error),
      () => original.apply(this, args),
    );
  };
}
