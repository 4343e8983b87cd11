import { obj, str } from '../shared/safe.js';

/** The name LangGraph gives a graph compiled without one: not a name the user chose. */
const DEFAULT_GRAPH_NAME = 'LangGraph';

/**
 * The nodes prebuilt agents are made of: `createReactAgent` (`agent`, `tools`, the hooks, the
 * structured-response step) and LangChain 1.x `createAgent` (`model`/`model_request`, `tools`). In a
 * graph that is an agent they are its plumbing, not agents of their own.
 */
const PREBUILT_AGENT_NODES = new Set([
  'agent',
  'tools',
  'pre_model_hook',
  'post_model_hook',
  'generate_structured_response',
  'model',
  'model_request',
]);

/** `createAgent` middleware hooks run as nodes named `<Middleware>.before_model` and the like. */
const MIDDLEWARE_NODE = /\.(before|after)_(model|agent)$/;

function lastId(serialized: unknown): string | undefined {
  const id = obj(serialized)?.id;
  return Array.isArray(id) ? str(id[id.length - 1]) : undefined;
}

/** True for the run of a compiled graph (`CompiledStateGraph`, `CompiledGraph`, `Pregel`…). */
export function isGraphRun(serialized: unknown): boolean {
  const id = lastId(serialized);
  return id !== undefined && (id.startsWith('Compiled') || id === 'Pregel');
}

/**
 * The name a graph run was given (`lc_agent_name` metadata as LangChain 1.x agents set it, else the
 * run name from `compile({ name })` or `createReactAgent({ name })`), or `undefined` for LangGraph's default.
 */
export function graphNameOf(runName: string | undefined, metadata: unknown): string | undefined {
  const name = str(obj(metadata)?.lc_agent_name) ?? runName;
  return name === DEFAULT_GRAPH_NAME ? undefined : name;
}

/** The class id of a runnable as serialised (`id`), or of the runnable itself (`lc_id`). */
function classIdOf(runnable: unknown): string | undefined {
  const r = obj(runnable);
  return lastId(r) ?? (Array.isArray(r?.lc_id) ? str(r.lc_id[r.lc_id.length - 1]) : undefined);
}

/**
 * True for the run of a node that is a `ToolNode`: LangGraph runs a node as a sequence whose first
 * step is the node's runnable; the serialised sequence holds that runnable itself in `kwargs.first`
 * (its `lc_id` is `["langgraph", "ToolNode"]`).
 */
export function isToolNodeRun(serialized: unknown): boolean {
  return classIdOf(obj(obj(serialized)?.kwargs)?.first) === 'ToolNode' || lastId(serialized) === 'ToolNode';
}

/** True for a node name prebuilt agents use for their own steps. */
export function isPrebuiltAgentNode(node: string): boolean {
  return PREBUILT_AGENT_NODES.has(node) || (node.includes('.') && MIDDLEWARE_NODE.test(node));
}
