/**
 * The agents of the pipeline. `id` is the LangGraph node name, which the auto-instrumentation reports
 * as the agent name (`invoke_agent <id>`, label `agent_name`). `title` opens the system prompt
 * ("You are the <title>"), which is how the embedded LLM tells the roles apart.
 */
export const ROLES = {
  market_analyst: { title: 'Market Analyst', stage: 'analysts' },
  social_analyst: { title: 'Social Media Analyst', stage: 'analysts' },
  news_analyst: { title: 'News Analyst', stage: 'analysts' },
  fundamentals_analyst: { title: 'Fundamentals Analyst', stage: 'analysts' },
  bull_researcher: { title: 'Bull Researcher', stage: 'research' },
  bear_researcher: { title: 'Bear Researcher', stage: 'research' },
  research_manager: { title: 'Research Manager', stage: 'research' },
  trader: { title: 'Trader', stage: 'trading' },
  aggressive_analyst: { title: 'Aggressive Risk Analyst', stage: 'risk' },
  conservative_analyst: { title: 'Conservative Risk Analyst', stage: 'risk' },
  neutral_analyst: { title: 'Neutral Risk Analyst', stage: 'risk' },
  portfolio_manager: { title: 'Portfolio Manager', stage: 'decision' },
} as const;

export type RoleId = keyof typeof ROLES;
export const ROLE_IDS = Object.keys(ROLES) as RoleId[];
export const ANALYST_IDS = [
  'market_analyst',
  'social_analyst',
  'news_analyst',
  'fundamentals_analyst',
] as const;
export type AnalystId = (typeof ANALYST_IDS)[number];

/** The role whose system prompt this is, by its opening "You are the <title>". */
export function roleOfPrompt(systemPrompt: string): RoleId | undefined {
  const match = /^You are the ([A-Za-z ]+?)[.,]/.exec(systemPrompt.trim());
  if (!match) return undefined;
  return ROLE_IDS.find((id) => ROLES[id].title === match[1]);
}
