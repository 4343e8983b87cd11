import { createHash } from 'node:crypto';
import { ANALYST_IDS, type RoleId, roleOfPrompt } from '../agents/roles.js';

/** Options of {@link answerConversation}. */
export interface RoleResponderOptions {
  /** Mean latency per call in ms; each call gets a deterministic 0.5x..1.5x of it. */
  latencyMs: number;
  /** Answer HTTP 500 to every request whose `user` field is in this set (failure injection). */
  failingUsers: ReadonlySet<string>;
}

export const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((part) => (part as { text?: string })?.text ?? '').join('')
      : '';

function hash(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
const clamp = (value: number): number => Math.max(-1, Math.min(1, value));

/** Picks `count` sentences from `pool`, deterministically from `seed`. */
function pick(pool: readonly string[], seed: string, count: number): string[] {
  const digest = hash(seed);
  const chosen: string[] = [];
  for (let i = 0; chosen.length < Math.min(count, pool.length); i++) {
    const sentence = pool[digest[i % digest.length] % pool.length];
    if (!chosen.includes(sentence) || i > 64) chosen.push(sentence);
  }
  return chosen;
}

const BULL = [
  'Momentum and trend indicators line up with the positive news flow.',
  'Revenue growth leaves room for estimates to rise further.',
  'Pullbacks have been bought quickly, which shows demand underneath the price.',
  'The bear case leans on valuation, yet valuation alone rarely ends a trend.',
  'Social attention is rising, which tends to lead flows.',
  'Margins give the company room to invest through a slowdown.',
];
const BEAR = [
  'Valuation already discounts a lot of good news.',
  'Momentum is fading, and a break of the 20-day average would confirm it.',
  'Negative headlines have started to cluster, which often precedes estimate cuts.',
  'Volatility is high enough that a small miss could cause a large drawdown.',
  'The bull case extrapolates recent growth that is unlikely to last.',
  'Sentiment is crowded, which leaves little room for upside surprise.',
];
const RISK = {
  aggressive_analyst: [
    'The expected reward justifies a full position; waiting for certainty means missing the move.',
    'Volatility cuts both ways, and the signals favour the upside scenario.',
    'A tight stop limits the downside while the position keeps its upside.',
  ],
  conservative_analyst: [
    'Position size should be cut until the signals agree with each other.',
    'Drawdown risk is underestimated; capital preservation comes first.',
    'A staged entry reduces timing risk at little cost.',
  ],
  neutral_analyst: [
    'A moderate position with a clear stop balances both views.',
    'The evidence is mixed enough that sizing matters more than direction.',
    'Re-evaluate after the next earnings release before adding.',
  ],
} as const;

/** Parses a tool result (JSON text) of an analyst's conversation; a tool error (plain text) gives nothing. */
export function parseToolResult(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function analystReport(role: RoleId, ticker: string, results: Record<string, unknown>[]): string {
  const merged = Object.assign({}, ...results) as Record<string, unknown>;
  const lines: string[] = [];
  let score = 0;
  if (role === 'market_analyst') {
    const close = num(merged.close) ?? 0;
    const sma20 = num(merged.sma20) ?? close;
    const sma50 = num(merged.sma50) ?? sma20;
    const rsi = num(merged.rsi14) ?? 50;
    const hist = num(merged.macdHistogram) ?? 0;
    const vol = num(merged.volatility20d) ?? 0;
    score = (close > sma20 ? 0.25 : -0.25) + (sma20 > sma50 ? 0.25 : -0.25) + (hist > 0 ? 0.2 : -0.2);
    if (rsi > 70) score -= 0.2;
    if (rsi < 30) score += 0.2;
    lines.push(
      `${ticker} closed at ${close}, ${close > sma20 ? 'above' : 'below'} its 20-day average (${sma20}) and with the 20-day ${sma20 > sma50 ? 'above' : 'below'} the 50-day (${sma50}).`,
      `RSI(14) is ${rsi}${rsi > 70 ? ', overbought' : rsi < 30 ? ', oversold' : ''}; the MACD histogram is ${hist} (${hist > 0 ? 'positive' : 'negative'} momentum).`,
      `20-day annualised volatility: ${(vol * 100).toFixed(1)}%.`,
    );
  } else if (role === 'news_analyst') {
    const news = (merged.news as { headline: string; sentiment: number }[] | undefined) ?? [];
    const mean = news.reduce((s, n) => s + n.sentiment, 0) / Math.max(1, news.length);
    score = mean;
    lines.push(`${news.length} stories in the last two weeks, average sentiment ${signed(mean)}.`);
    for (const item of news.slice(-3)) lines.push(`- ${item.headline} (${signed(item.sentiment)})`);
  } else if (role === 'social_analyst') {
    const sentiment = num(merged.sentimentScore) ?? 0;
    score = sentiment * 0.8;
    lines.push(
      `${merged.mentions ?? 0} mentions over ${merged.window ?? '7d'}; ${Math.round((num(merged.bullishShare) ?? 0.5) * 100)}% of them bullish.`,
      `Retail sentiment reads ${sentiment > 0.1 ? 'positive' : sentiment < -0.1 ? 'negative' : 'neutral'}.`,
    );
  } else {
    const growth = num(merged.revenueGrowthYoY) ?? 0;
    const pe = num(merged.peRatio) ?? 20;
    const margin = num(merged.grossMargin) ?? 0;
    const debt = num(merged.debtToEquity) ?? 0;
    score = (growth > 0.1 ? 0.3 : growth < 0.03 ? -0.1 : 0.1) + (pe > 50 ? -0.2 : pe < 20 ? 0.15 : 0);
    score += (margin > 0.5 ? 0.1 : 0) + (debt > 1.5 ? -0.1 : 0);
    lines.push(
      `${merged.name ?? ticker} (${merged.sector ?? 'n/a'}): P/E ${pe}, revenue growth ${(growth * 100).toFixed(0)}% YoY, gross margin ${(margin * 100).toFixed(0)}%, debt/equity ${debt}.`,
    );
  }
  score = clamp(score);
  const stance = score > 0.1 ? 'BULLISH' : score < -0.1 ? 'BEARISH' : 'NEUTRAL';
  return [...lines, `Overall stance: ${stance}.`, `Signal score: ${signed(score)}`].join('\n');
}

/** The analysts' signal scores found in a prompt ("Signal score: +0.42"). */
function signalScores(prompt: string): number[] {
  return [...prompt.matchAll(/Signal score: ([+-]?\d+\.\d+)/g)].map((m) => Number(m[1]));
}

function aggregate(prompt: string): number {
  const scores = signalScores(prompt);
  return scores.length === 0 ? 0 : scores.reduce((s, v) => s + v, 0) / scores.length;
}

const decisionOf = (score: number): 'BUY' | 'SELL' | 'HOLD' =>
  score > 0.08 ? 'BUY' : score < -0.08 ? 'SELL' : 'HOLD';

function volatilityOf(prompt: string): number {
  const match = /annualised volatility: ([\d.]+)%/.exec(prompt);
  return match ? Number(match[1]) / 100 : 0;
}

function answer(role: RoleId, ticker: string, prompt: string, seed: string): string {
  const score = aggregate(prompt);
  switch (role) {
    case 'bull_researcher':
      return [
        `Bull case for ${ticker}:`,
        ...pick(BULL, seed, 3),
        `The aggregate analyst signal is ${signed(score)}.`,
      ].join(' ');
    case 'bear_researcher':
      return [
        `Bear case for ${ticker}:`,
        ...pick(BEAR, seed, 3),
        `Even at ${signed(score)}, the risks are not priced in.`,
      ].join(' ');
    case 'research_manager': {
      const decision = decisionOf(score);
      return [
        `Recommendation: ${decision}`,
        `Having weighed the debate, the analyst reports average ${signed(score)}.`,
        decision === 'HOLD'
          ? 'Neither side made a decisive case; keep exposure unchanged.'
          : `The ${decision === 'BUY' ? 'bull' : 'bear'} side made the stronger, better-evidenced case.`,
        `Investment plan: ${decision === 'BUY' ? 'build a position in two tranches' : decision === 'SELL' ? 'reduce exposure into strength' : 'hold and revisit next week'}.`,
      ].join('\n');
    }
    case 'trader': {
      const decision = /Recommendation: (BUY|SELL|HOLD)/.exec(prompt)?.[1] ?? decisionOf(score);
      return [
        `Trading plan for ${ticker}: following the research manager's ${decision} recommendation.`,
        decision === 'HOLD' ? 'No new orders.' : `Size 2% of the portfolio, stop at 7% from entry.`,
        `FINAL TRANSACTION PROPOSAL: **${decision}**`,
      ].join('\n');
    }
    case 'aggressive_analyst':
    case 'conservative_analyst':
    case 'neutral_analyst':
      return pick(RISK[role], seed, 2).join(' ');
    case 'portfolio_manager': {
      const proposed = (/FINAL TRANSACTION PROPOSAL: \*\*(BUY|SELL|HOLD)\*\*/.exec(prompt)?.[1] ??
        'HOLD') as string;
      const volatile = volatilityOf(prompt) > 0.5 && Math.abs(score) < 0.15;
      const decision = volatile ? 'HOLD' : proposed;
      const confidence = Math.min(0.95, 0.5 + Math.abs(score));
      return [
        volatile
          ? `The risk debate shows volatility too high for a weak ${signed(score)} signal; overriding the trader's ${proposed} to HOLD.`
          : `The risk debate supports the trader's plan; the signals (${signed(score)}) agree with it.`,
        `FINAL TRANSACTION PROPOSAL: **${decision}**`,
        `Confidence: ${confidence.toFixed(2)}`,
      ].join('\n');
    }
    default:
      return `Noted for ${ticker}.`;
  }
}

const TOOL_PLAN: Partial<
  Record<RoleId, (ticker: string, date: string) => { name: string; arguments: Record<string, unknown> }[]>
> = {
  market_analyst: (ticker, date) => [
    { name: 'get_price_history', arguments: { ticker, date, days: 10 } },
    { name: 'get_indicators', arguments: { ticker, date } },
  ],
  social_analyst: (ticker, date) => [{ name: 'get_social_sentiment', arguments: { ticker, date } }],
  news_analyst: (ticker, date) => [{ name: 'get_news', arguments: { ticker, date, days: 14 } }],
  fundamentals_analyst: (ticker) => [{ name: 'get_fundamentals', arguments: { ticker } }],
};

/**
 * A conversation as any provider's request carries it, reduced to what the stand-in reads: the
 * system prompt, every message's text, the tool results so far, and whether it is the model's turn
 * after a tool result. The provider adapters (openai.ts, gemini.ts, anthropic.ts) build it.
 */
export interface Conversation {
  readonly system: string;
  readonly texts: readonly string[];
  readonly toolResults: readonly Record<string, unknown>[];
  readonly lastIsToolResult: boolean;
  readonly hasTools: boolean;
  /** The analysis the request belongs to, when the provider's request says (OpenAI's `user`). */
  readonly user?: string;
}

/** What the stand-in answers, in no provider's format. */
export type RoleAnswer = { readonly latencyMs: number } & (
  | { readonly error: { readonly status: number; readonly message: string } }
  | { readonly toolCalls: readonly { name: string; arguments: Record<string, unknown> }[] }
  | { readonly content: string }
  | { readonly content?: undefined }
);

/**
 * A role-aware, deterministic stand-in for an LLM: it reads the system prompt to learn the role,
 * makes analysts call their tools first and then report on the results, lets researchers and risk
 * analysts argue, and makes managers decide from the analysts' signal scores. Usage is estimated by
 * the servers from the prompt and answer lengths, so token counts grow with the prompt like a real one.
 */
export function answerConversation(conversation: Conversation, options: RoleResponderOptions): RoleAnswer {
  const role = roleOfPrompt(conversation.system);
  const prompt = conversation.texts.join('\n');
  const digest = hash(prompt);
  const latencyMs = Math.round(options.latencyMs * (0.5 + (digest[0] as number) / 255));
  const user = conversation.user;
  if (user !== undefined && options.failingUsers.has(user)) {
    return {
      latencyMs,
      error: {
        status: 500,
        message: 'The server had an error while processing your request (injected failure).',
      },
    };
  }
  if (role === undefined) return { latencyMs };
  const ticker = /Ticker: (\S+)/.exec(prompt)?.[1] ?? 'the stock';
  const date = /Trade date: (\S+)/.exec(prompt)?.[1] ?? '';
  const plan = TOOL_PLAN[role];
  if ((ANALYST_IDS as readonly string[]).includes(role) && plan !== undefined) {
    if (!conversation.lastIsToolResult && conversation.hasTools) {
      return { latencyMs: Math.round(latencyMs / 2), toolCalls: plan(ticker, date) };
    }
    return { latencyMs, content: analystReport(role, ticker, [...conversation.toolResults]) };
  }
  return { latencyMs, content: answer(role, ticker, prompt, digest.toString('hex')) };
}
