import { safely } from '../shared/safe.js';
import type { LangChainInstrumentationConfig, LangGraphNodeInfo } from './types.js';

/** LangGraph's own plumbing: never an agent. */
const INTERNAL_NODES: readonly RegExp[] = [/^__.*__$/, /^ChannelWrite/, /^ChannelRead/, /^Branch</];

function matches(patterns: readonly (string | RegExp)[], node: string): boolean {
  return patterns.some((p) => (typeof p === 'string' ? p === node : p.test(node)));
}

/**
 * Resolves the agent name of a LangGraph node, or `undefined` when the node is not an agent.
 * A throwing user mapper is logged and treated as "default".
 */
export function createAgentNameResolver(
  config: Pick<LangChainInstrumentationConfig, 'agentNames' | 'skipNodes'>,
): (info: LangGraphNodeInfo) => string | undefined {
  const mapping = config.agentNames;
  const skip = config.skipNodes ?? [];
  return (info) => {
    let mapped: string | false | undefined;
    if (typeof mapping === 'function') {
      mapped = safely('agentNames mapper', () => mapping(info), undefined);
    } else if (mapping !== undefined && Object.hasOwn(mapping, info.node)) {
      mapped = mapping[info.node];
    }
    if (mapped === false) return undefined;
    if (typeof mapped === 'string' && mapped !== '') return mapped;
    if (matches(INTERNAL_NODES, info.node) || matches(skip, info.node)) return undefined;
    return info.node;
  };
}
