import { type AnalystId, ROLES, type RoleId } from './roles.js';

const GUIDANCE: Record<RoleId, string> = {
  market_analyst:
    'Use get_price_history and get_indicators to study price action, trend (SMA 20/50), momentum (RSI, MACD) and volatility. End with a line "Signal score: <-1..1>".',
  social_analyst:
    'Use get_social_sentiment to judge retail sentiment and attention. End with a line "Signal score: <-1..1>".',
  news_analyst:
    'Use get_news to summarise recent company news and its likely price impact. End with a line "Signal score: <-1..1>".',
  fundamentals_analyst:
    'Use get_fundamentals to assess valuation, growth, margins and balance sheet. End with a line "Signal score: <-1..1>".',
  bull_researcher:
    'Build the strongest evidence-based case FOR investing, and rebut the bear researcher point by point.',
  bear_researcher:
    'Build the strongest evidence-based case AGAINST investing, and rebut the bull researcher point by point.',
  research_manager:
    'Judge the bull/bear debate and the analyst reports. Commit to a recommendation: a line "Recommendation: BUY|SELL|HOLD", then an investment plan.',
  trader:
    'Turn the investment plan into a concrete trading plan (entry, sizing, stop). End with "FINAL TRANSACTION PROPOSAL: **BUY|SELL|HOLD**".',
  aggressive_analyst: 'Argue for the high-reward reading of the trader plan; challenge excessive caution.',
  conservative_analyst: 'Argue for protecting capital; point out the risks of the trader plan.',
  neutral_analyst: 'Weigh both sides of the risk debate and argue for a balanced adjustment of the plan.',
  portfolio_manager:
    'Decide, from the trader plan and the risk debate, the final decision. End with "FINAL TRANSACTION PROPOSAL: **BUY|SELL|HOLD**" and a line "Confidence: <0..1>".',
};

/** The system prompt of a role; it opens with "You are the <title>." on purpose (see roles.ts). */
export function systemPrompt(role: RoleId): string {
  return `You are the ${ROLES[role].title}, part of a multi-agent trading firm. ${GUIDANCE[role]}`;
}

/** The task line every prompt opens with. */
export function taskLine(ticker: string, tradeDate: string): string {
  return `Ticker: ${ticker}\nTrade date: ${tradeDate}`;
}

const REPORT_TITLES: Record<AnalystId, string> = {
  market_analyst: 'Market report',
  social_analyst: 'Social sentiment report',
  news_analyst: 'News report',
  fundamentals_analyst: 'Fundamentals report',
};

/** The analyst reports as one prompt section. */
export function reportsSection(reports: Readonly<Partial<Record<AnalystId, string>>>): string {
  return (Object.keys(REPORT_TITLES) as AnalystId[])
    .filter((id) => reports[id] !== undefined)
    .map((id) => `## ${REPORT_TITLES[id]}\n${reports[id]}`)
    .join('\n\n');
}
