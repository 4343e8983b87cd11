import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** What is known of a LangGraph node when its run starts; passed to {@link AgentNameMapper}. */
export interface LangGraphNodeInfo {
  /** The node name (`langgraph_node` metadata). */
  readonly node: string;
  /** The run name LangChain reports (usually the node name). */
  readonly runName: string | undefined;
  /** The run's metadata (`langgraph_step`, `langgraph_checkpoint_ns`, user metadata…). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The run's tags. */
  readonly tags: readonly string[];
}

/**
 * Maps a LangGraph node to the agent name it is recorded as. Return a string to record the node as
 * that agent (several nodes may share one name: they are grouped), `false` to not record it as an
 * agent, or `undefined` to fall back to the default (the node name, internal nodes skipped).
 */
export type AgentNameMapper = (info: LangGraphNodeInfo) => string | false | undefined;

/** Options of the LangChain.js / LangGraph.js instrumentation. */
export interface LangChainInstrumentationConfig extends InstrumentationConfig {
  /**
   * Node → agent name. A record renames (`{ market: 'market_analyst' }`), groups (two nodes, one
   * name) or skips (`{ router: false }`) nodes; a function decides per run. Nodes not listed keep
   * the default: a node is an agent named after itself, except LangGraph's internal nodes, a
   * `ToolNode`, and the steps of a prebuilt agent (`agent`, `tools`…), which belong to the agent
   * around them (a named `createReactAgent`, a supervisor or swarm worker, a subgraph node). A
   * mapping also applies to the name of a prebuilt agent graph. Set from the environment with
   * `TRADINGAGENTS_AGENT_NAMES="market=market_analyst,news=news_analyst,router=-"` (`-` skips);
   * the option, when given, wins.
   * @default {}
   */
  agentNames?: Readonly<Record<string, string | false>> | AgentNameMapper;
  /**
   * Nodes never recorded as agents, besides the internal ones (`__start__`, `__end__`, any
   * `__name__`, `ChannelWrite…`, `ChannelRead…`, `Branch<…>`). Their model and tool calls count for
   * the agent around them. Set from the environment with `TRADINGAGENTS_SKIP_NODES="a,b"`; the
   * option, when given, wins.
   * @default []
   */
  skipNodes?: readonly (string | RegExp)[];
  /**
   * When a LangChain run starts outside any span (no `trackAnalysis`, no other instrumentation), open
   * a `chain` span for the root run so that all its agents land in one trace.
   * @default true
   */
  rootSpan?: boolean;
}
