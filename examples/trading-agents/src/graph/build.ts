import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type AIMessageChunk, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { END, START, StateGraph } from '@langchain/langgraph';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { MAX_TOOL_ROUNDS } from '../agents/pipeline.js';
import { systemPrompt } from '../agents/prompts.js';
import { ANALYST_IDS, type AnalystId, type RoleId } from '../agents/roles.js';
import {
  analystTask,
  type Debate,
  type DeciderId,
  debaterTask,
  deciderTask,
  turnsBy,
} from '../agents/turns.js';
import { ANALYST_TOOLS, type DemoTools } from '../tools.js';
import { TradingState, type TradingStateType, type TradingStateUpdate } from './state.js';

/** What the graph needs from its caller: a chat model per role, and the tools. */
export interface GraphDeps {
  model(role: RoleId): BaseChatModel;
  tools: DemoTools;
}

const text = (message: BaseMessage): string =>
  typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => ('text' in part ? part.text : '')).join('');

const analystTools = (tools: DemoTools, role: AnalystId): StructuredToolInterface[] =>
  ANALYST_TOOLS[role].map((id) => tools[id]);

/**
 * An analyst: a small ReAct loop inside one node. The model (with its tools bound) asks for tool
 * calls, a ToolNode runs them, and the model writes its report from the results. Keeping the loop
 * inside the node lets the four analysts run in parallel with private message histories, and makes
 * each tool call belong to the analyst that asked for it.
 */
function analystNode(role: AnalystId, deps: GraphDeps, tools: StructuredToolInterface[]) {
  const toolNode = new ToolNode(tools);
  return async (state: TradingStateType, config?: RunnableConfig): Promise<TradingStateUpdate> => {
    const chat = deps.model(role);
    if (chat.bindTools === undefined) throw new Error(`${chat.getName()} cannot call tools`);
    const model = chat.bindTools(tools);
    const messages: BaseMessage[] = [
      new SystemMessage(systemPrompt(role)),
      new HumanMessage(analystTask(state)),
    ];
    for (let round = 0; ; round++) {
      const reply = await model.invoke(messages, config);
      messages.push(reply);
      if (!reply.tool_calls?.length || round >= MAX_TOOL_ROUNDS) {
        return { reports: { [role]: text(reply) } };
      }
      const result = (await toolNode.invoke({ messages }, config)) as { messages: BaseMessage[] };
      messages.push(...result.messages);
    }
  };
}

/**
 * A speaker in a debate: reads the reports, the plan so far and the debate, and adds a turn. Its
 * answer is streamed (as a chat UI would show it), so the streamed-usage path is exercised.
 * (`.stream()` rather than `streaming: true` + `invoke()`: the latter estimates tokens with
 * tiktoken, which downloads its encodings, and the demo must work offline.)
 */
function debaterNode(role: RoleId, deps: GraphDeps, debate: Debate) {
  return async (state: TradingStateType, config?: RunnableConfig): Promise<TradingStateUpdate> => {
    const stream = await deps
      .model(role)
      .stream([new SystemMessage(systemPrompt(role)), new HumanMessage(debaterTask(state, debate))], config);
    let reply: AIMessageChunk | undefined;
    for await (const chunk of stream) reply = reply === undefined ? chunk : reply.concat(chunk);
    return { [debate]: [{ speaker: role, text: reply === undefined ? '' : text(reply) }] };
  };
}

/** A decision maker: reads what came before and writes one output field. */
function deciderNode(
  role: DeciderId,
  deps: GraphDeps,
  output: 'investmentPlan' | 'traderPlan' | 'finalDecision',
) {
  return async (state: TradingStateType, config?: RunnableConfig): Promise<TradingStateUpdate> => {
    const reply = await deps
      .model(role)
      .invoke([new SystemMessage(systemPrompt(role)), new HumanMessage(deciderTask(role, state))], config);
    return { [output]: text(reply) };
  };
}

/**
 * The TradingAgents pipeline as a LangGraph: four analysts in parallel (fan-out from START, join
 * before the debate), a bull/bear debate of `rounds` rounds judged by the research manager, the
 * trader, a three-way risk debate of `rounds` rounds, and the portfolio manager's final decision.
 * Nodes are named after the agents; the auto-instrumentation turns each into `invoke_agent <node>`.
 */
export function buildTradingGraph(deps: GraphDeps) {
  const graph = new StateGraph(TradingState)
    .addNode(
      'market_analyst',
      analystNode('market_analyst', deps, analystTools(deps.tools, 'market_analyst')),
    )
    .addNode(
      'social_analyst',
      analystNode('social_analyst', deps, analystTools(deps.tools, 'social_analyst')),
    )
    .addNode('news_analyst', analystNode('news_analyst', deps, analystTools(deps.tools, 'news_analyst')))
    .addNode(
      'fundamentals_analyst',
      analystNode('fundamentals_analyst', deps, analystTools(deps.tools, 'fundamentals_analyst')),
    )
    .addNode('bull_researcher', debaterNode('bull_researcher', deps, 'investmentDebate'))
    .addNode('bear_researcher', debaterNode('bear_researcher', deps, 'investmentDebate'))
    .addNode('research_manager', deciderNode('research_manager', deps, 'investmentPlan'))
    .addNode('trader', deciderNode('trader', deps, 'traderPlan'))
    .addNode('aggressive_analyst', debaterNode('aggressive_analyst', deps, 'riskDebate'))
    .addNode('conservative_analyst', debaterNode('conservative_analyst', deps, 'riskDebate'))
    .addNode('neutral_analyst', debaterNode('neutral_analyst', deps, 'riskDebate'))
    .addNode('portfolio_manager', deciderNode('portfolio_manager', deps, 'finalDecision'));

  for (const analyst of ANALYST_IDS) graph.addEdge(START, analyst);
  graph
    .addEdge([...ANALYST_IDS], 'bull_researcher')
    .addEdge('bull_researcher', 'bear_researcher')
    .addConditionalEdges(
      'bear_researcher',
      (state) =>
        turnsBy(state.investmentDebate, 'bear_researcher') < state.rounds
          ? 'bull_researcher'
          : 'research_manager',
      ['bull_researcher', 'research_manager'],
    )
    .addEdge('research_manager', 'trader')
    .addEdge('trader', 'aggressive_analyst')
    .addEdge('aggressive_analyst', 'conservative_analyst')
    .addEdge('conservative_analyst', 'neutral_analyst')
    .addConditionalEdges(
      'neutral_analyst',
      (state) =>
        turnsBy(state.riskDebate, 'neutral_analyst') < state.rounds
          ? 'aggressive_analyst'
          : 'portfolio_manager',
      ['aggressive_analyst', 'portfolio_manager'],
    )
    .addEdge('portfolio_manager', END);
  return graph.compile({ name: 'trading_agents' });
}
