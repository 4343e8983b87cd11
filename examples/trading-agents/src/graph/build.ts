import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type AIMessageChunk, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { END, START, StateGraph } from '@langchain/langgraph';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { reportsSection, systemPrompt, taskLine } from '../agents/prompts.js';
import { ANALYST_IDS, type AnalystId, type RoleId } from '../agents/roles.js';
import type { DemoTools } from '../tools.js';
import { type DebateTurn, TradingState, type TradingStateType, type TradingStateUpdate } from './state.js';

/** What the graph needs from its caller: a chat model per role, and the tools. */
export interface GraphDeps {
  model(role: RoleId): BaseChatModel;
  tools: DemoTools;
}

/** An analyst may ask for tools this many times before it must report. */
const MAX_TOOL_ROUNDS = 3;

const text = (message: BaseMessage): string =>
  typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => ('text' in part ? part.text : '')).join('');

function analystTools(tools: DemoTools): Record<AnalystId, StructuredToolInterface[]> {
  return {
    market_analyst: [tools.getPriceHistory, tools.getIndicators],
    social_analyst: [tools.getSocialSentiment],
    news_analyst: [tools.getNews],
    fundamentals_analyst: [tools.getFundamentals],
  };
}

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
      new HumanMessage(`${taskLine(state.ticker, state.tradeDate)}\nWrite your report.`),
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

function transcript(turns: readonly DebateTurn[]): string {
  return turns.map((t) => `[${t.speaker}] ${t.text}`).join('\n');
}

/**
 * A speaker in a debate: reads the reports, the plan so far and the debate, and adds a turn. Its
 * answer is streamed (as a chat UI would show it), so the streamed-usage path is exercised.
 * (`.stream()` rather than `streaming: true` + `invoke()`: the latter estimates tokens with
 * tiktoken, which downloads its encodings, and the demo must work offline.)
 */
function debaterNode(role: RoleId, deps: GraphDeps, debate: 'investmentDebate' | 'riskDebate') {
  return async (state: TradingStateType, config?: RunnableConfig): Promise<TradingStateUpdate> => {
    const context =
      debate === 'investmentDebate'
        ? reportsSection(state.reports)
        : `${reportsSection(state.reports)}\n\n## Trader plan\n${state.traderPlan}`;
    const stream = await deps
      .model(role)
      .stream(
        [
          new SystemMessage(systemPrompt(role)),
          new HumanMessage(
            `${taskLine(state.ticker, state.tradeDate)}\n\n${context}\n\n## Debate so far\n${transcript(state[debate]) || '(you open the debate)'}`,
          ),
        ],
        config,
      );
    let reply: AIMessageChunk | undefined;
    for await (const chunk of stream) reply = reply === undefined ? chunk : reply.concat(chunk);
    return { [debate]: [{ speaker: role, text: reply === undefined ? '' : text(reply) }] };
  };
}

/** A decision maker: reads what came before and writes one output field. */
function deciderNode(
  role: 'research_manager' | 'trader' | 'portfolio_manager',
  deps: GraphDeps,
  output: 'investmentPlan' | 'traderPlan' | 'finalDecision',
) {
  return async (state: TradingStateType, config?: RunnableConfig): Promise<TradingStateUpdate> => {
    const sections = [reportsSection(state.reports)];
    if (role === 'research_manager')
      sections.push(`## Bull/bear debate\n${transcript(state.investmentDebate)}`);
    if (role === 'trader') sections.push(`## Investment plan\n${state.investmentPlan}`);
    if (role === 'portfolio_manager') {
      sections.push(`## Trader plan\n${state.traderPlan}`, `## Risk debate\n${transcript(state.riskDebate)}`);
    }
    const reply = await deps
      .model(role)
      .invoke(
        [
          new SystemMessage(systemPrompt(role)),
          new HumanMessage(`${taskLine(state.ticker, state.tradeDate)}\n\n${sections.join('\n\n')}`),
        ],
        config,
      );
    return { [output]: text(reply) };
  };
}

const turnsBy = (turns: readonly DebateTurn[], speaker: RoleId): number =>
  turns.filter((t) => t.speaker === speaker).length;

/**
 * The TradingAgents pipeline as a LangGraph: four analysts in parallel (fan-out from START, join
 * before the debate), a bull/bear debate of `rounds` rounds judged by the research manager, the
 * trader, a three-way risk debate of `rounds` rounds, and the portfolio manager's final decision.
 * Nodes are named after the agents; the auto-instrumentation turns each into `invoke_agent <node>`.
 */
export function buildTradingGraph(deps: GraphDeps) {
  const tools = analystTools(deps.tools);
  const graph = new StateGraph(TradingState)
    .addNode('market_analyst', analystNode('market_analyst', deps, tools.market_analyst))
    .addNode('social_analyst', analystNode('social_analyst', deps, tools.social_analyst))
    .addNode('news_analyst', analystNode('news_analyst', deps, tools.news_analyst))
    .addNode('fundamentals_analyst', analystNode('fundamentals_analyst', deps, tools.fundamentals_analyst))
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
