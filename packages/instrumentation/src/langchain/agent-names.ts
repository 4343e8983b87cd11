import { safely } from '../shared/safe.js';
import { resolveNaming } from './config.js';
import type { LangChainInstrumentationConfig, LangGraphNodeInfo } from './types.js';

/** LangGraph's own plumbing: never an agent. */
const INTERNAL_NODES: readonly RegExp[] = [/^__.*__$/, /^ChannelWrite/, /^ChannelRead/, /^Branch</];

function matches(patterns: readonly (string | RegExp)[], node: string): boolean {
  return patterns.some((p) => (typeof p === 'string' ? p === node : p.test(node)));
}

/**
 * The agent name of a node (or of a named graph that is an agent): the user's mapping first (a
 * name, or `false` for "not an agent"); else `undefined` for internal and skipped nodes; else
 * `byDefault` (`undefined` when the handler's own rules say "not an agent", e.g. a `ToolNode`).
 * `info` is called only when a mapping function needs it.
 */
export type AgentNameResolver = (
  node: string,
  byDefault: string | undefined,
  info: () => LangGraphNodeInfo,
) => string | undefined;

/**
 * Creates the node → agent naming from the options, else `TRADINGAGENTS_AGENT_NAMES` /
 * `TRADINGAGENTS_SKIP_NODES`. A throwing user mapper is logged and treated as "default".
 * @throws TypeError when an option passed explicitly is invalid.
 */
export function createAgentNameResolver(
  config: Pick<LangChainInstrumentationConfig, 'agentNames' | 'skipNodes'>,
): AgentNameResolver {
  const { agentNames: mapping, skipNodes: skip } = resolveNaming(config);
  return (node, byDefault, info) => {
    let mapped: string | false | undefined;
    if (typeof mapping === 'function') {
      mapped = safely('agentNames mapper', () => mapping(info()), undefined);
    } else if (mapping !== undefined && Object.hasOwn(mapping, node)) {
      mapped = mapping[node];
    }
    if (mapped === false) return undefined;
    if (typeof mapped === 'string' && mapped !== '') return mapped;
    if (byDefault === undefined || matches(INTERNAL_NODES, node) || matches(skip, node)) return undefined;
    return byDefault;
  };
}
