// What each corpus app (test-apps/) is expected to produce, as a user of LangGraph.js would name
// it: the agents (by the name given in code: a node name, or the `name` of a prebuilt/multi-agent
// helper), the tool calls and the number of traces (one per top-level invocation).
//
// agents: name -> exact execution count, or null for "at least one" (prebuilt agents re-enter
//   their model node; how often is LangGraph's business, not the app's).
// tools: tool name -> calls (handoff tools `transfer_*` are not listed and not checked).
// toolAgent: the agent_name tool calls must carry (null: not checked, e.g. a top-level ToolNode).
// needs: 'supervisor' | 'swarm' | 'langchain' | 'googleGenAI' | 'anthropic' | 'aiSdk' | 'openaiAgents' (packages a cell must install to run the app).
// cache: the app uses prompt caching: /metrics must show cache_read and cache_write tokens.
// langfuseAgents: false when the app's own Langfuse handler owns the trace (agents on /metrics only).
// mode: 'service' (stays up; stopped with SIGTERM after its JSON line) or 'run-once' (exits itself).

export const CORPUS = [
  {
    name: 'react-agent',
    file: 'react-agent.mjs',
    agents: { weather_agent: null },
    tools: { get_weather: 1, get_stock_price: 1 },
    toolAgent: 'weather_agent',
    traces: 1,
  },
  {
    name: 'react-agent-cjs',
    file: 'react-agent.cjs',
    agents: { support_agent: null },
    tools: { lookup_order: 1 },
    toolAgent: 'support_agent',
    traces: 1,
  },
  {
    name: 'supervisor',
    file: 'supervisor.mjs',
    needs: ['supervisor'],
    agents: { supervisor: null, research_expert: null, math_expert: null },
    tools: { web_search: 1, add: 1, multiply: 1 },
    toolAgent: null,
    toolAgents: { web_search: 'research_expert', add: 'math_expert', multiply: 'math_expert' },
    traces: 1,
  },
  {
    name: 'swarm',
    file: 'swarm.mjs',
    needs: ['swarm'],
    agents: { Alice: null, Bob: null },
    tools: { add: 1 },
    toolAgent: 'Alice',
    traces: 2,
  },
  {
    name: 'subgraphs',
    file: 'subgraphs.mjs',
    agents: { planner: 1, research_team: 1, searcher: 1, summarizer: 1, writer: 1 },
    llmAgents: ['planner', 'searcher', 'summarizer', 'writer'],
    tools: {},
    traces: 1,
  },
  {
    name: 'parallel-tools',
    file: 'parallel-tools.mjs',
    agents: { agent: 2 },
    tools: { search: 1, get_time: 1, convert_currency: 1 },
    toolAgent: null,
    traces: 1,
  },
  {
    name: 'llm-in-tool',
    file: 'llm-in-tool.mjs',
    agents: { editor: null },
    tools: { summarize: 1 },
    toolAgent: 'editor',
    traces: 1,
  },
  {
    name: 'structured-output',
    file: 'structured-output.mjs',
    agents: { classify: 1, respond: 1 },
    tools: {},
    traces: 1,
  },
  {
    name: 'streaming',
    file: 'streaming.mjs',
    agents: { drafter: 2, critic: 2 },
    tools: {},
    traces: 2,
  },
  {
    name: 'stream-events',
    file: 'stream-events.mjs',
    agents: { travel_agent: null },
    tools: { get_forecast: 1 },
    toolAgent: 'travel_agent',
    traces: 1,
  },
  {
    name: 'cli-run-once',
    file: 'cli-run-once.mjs',
    mode: 'run-once',
    agents: { analyst: 1, reporter: 1 },
    tools: {},
    traces: 1,
  },
  {
    name: 'langfuse-sdk',
    file: 'langfuse-sdk.mjs',
    agents: { researcher: 2, responder: 2 },
    // Langfuse's own CallbackHandler traces these runs: in Langfuse its trace is kept (each call
    // once, one trace per invoke) and ours adds no agent observations to it; /metrics has agents.
    langfuseAgents: false,
    tools: {},
    traces: 2,
  },
  {
    name: 'own-nodesdk',
    file: 'own-nodesdk.mjs',
    agents: { fraud_check: 1, approver: 1 },
    tools: {},
    traces: 1,
  },
  {
    name: 'create-agent',
    file: 'create-agent.mjs',
    needs: ['langchain'],
    agents: { weather_assistant: null },
    tools: { get_weather: 1 },
    toolAgent: 'weather_assistant',
    traces: 1,
  },
  { name: 'openai-bare', file: 'openai-bare.mjs', agents: {}, tools: {}, traces: 2 },
  { name: 'openai-bare-cjs', file: 'openai-bare.cjs', agents: {}, tools: {}, traces: 1 },
  // Embeddings are model calls too, but not `generation` observations: 2 generations, 3 traces.
  {
    name: 'google-genai-bare',
    file: 'google-genai-bare.mjs',
    needs: ['googleGenAI'],
    agents: {},
    tools: {},
    traces: 3,
  },
  {
    name: 'google-genai-bare-cjs',
    file: 'google-genai-bare.cjs',
    needs: ['googleGenAI'],
    agents: {},
    tools: {},
    traces: 2,
  },
  // cache: the app marks its system prompt `cache_control`: cache reads and writes must be recorded.
  {
    name: 'anthropic-bare',
    file: 'anthropic-bare.mjs',
    needs: ['anthropic'],
    cache: true,
    agents: {},
    tools: {},
    traces: 3,
  },
  {
    name: 'anthropic-bare-cjs',
    file: 'anthropic-bare.cjs',
    needs: ['anthropic'],
    cache: true,
    agents: {},
    tools: {},
    traces: 1,
  },
  // Two AI SDK calls, each an agent named by its functionId, with one tool call and two model calls
  // (ai 5 and 6: their experimental_telemetry spans; ai 7: its telemetry integration).
  {
    name: 'ai-sdk-agent',
    file: 'ai-sdk-agent.mjs',
    needs: ['aiSdk'],
    agents: { ai_sdk_analyst: 2 },
    tools: { get_price: 2 },
    toolAgent: 'ai_sdk_analyst',
    traces: 2,
  },
  {
    name: 'ai-sdk-agent-cjs',
    file: 'ai-sdk-agent.cjs',
    needs: ['aiSdk'],
    agents: { ai_sdk_cjs_analyst: 1 },
    tools: { get_price: 1 },
    toolAgent: 'ai_sdk_cjs_analyst',
    traces: 1,
  },
  // The OpenAI Agents SDK: a triage agent handing off to a weather agent with a function tool, then
  // the weather agent streamed. Each run() is one SDK trace, so one Langfuse trace (a workflow).
  {
    name: 'openai-agents',
    file: 'openai-agents.mjs',
    needs: ['openaiAgents'],
    agents: { triage_agent: 1, weather_agent: 2 },
    tools: { get_weather: 2 },
    toolAgent: 'weather_agent',
    traces: 2,
  },
  // From CommonJS: an agent with a tool that hands off to a second agent, run, then streamed.
  {
    name: 'openai-agents-cjs',
    file: 'openai-agents.cjs',
    needs: ['openaiAgents'],
    agents: { support_agent: 2, refunds_agent: 2 },
    tools: { lookup_order: 2 },
    toolAgent: 'support_agent',
    traces: 2,
  },
];

/** Entry points: how the app is started with our packages (`baseline` runs it without them). */
export const ENTRIES = {
  baseline: { module: 'any', describe: 'node <app> (uninstrumented)' },
  import: { module: 'any', describe: 'node --import @tradingagents/telemetry/register <app>' },
  require: { module: 'cjs', describe: 'node --require @tradingagents/telemetry/register <app>' },
  'plain-esm': {
    module: 'esm',
    describe: 'ESM wrapper: frameworks imported, then registerTradingAgentsTelemetry(), then import(<app>)',
  },
  'plain-cjs': {
    module: 'cjs',
    describe: 'CJS wrapper: registerTradingAgentsTelemetry(), then require(<app>)',
  },
  'import-debug': {
    module: 'any',
    describe: 'node --import @tradingagents/telemetry/register <app> with OTEL_LOG_LEVEL=debug',
  },
};

/** The entry points an app runs under (besides its baseline). */
export function entriesFor(app, only) {
  const esm = app.file.endsWith('.mjs');
  // `--import` also serves CommonJS apps; cells that list it in `entries` run it for them.
  const all = esm ? ['import', 'plain-esm'] : ['require', 'plain-cjs', 'import'];
  if (!only) return all.filter((e) => esm || e !== 'import');
  return all.filter((e) => only.includes(e));
}
