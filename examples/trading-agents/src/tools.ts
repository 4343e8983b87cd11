import type { StructuredToolInterface } from '@langchain/core/tools';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { AnalystId } from './agents/roles.js';
import type { MarketData } from './data.js';
import { macd, rsi, sma, volatility } from './indicators.js';

const round = (value: number | undefined, digits = 2): number | null =>
  value === undefined ? null : Number(value.toFixed(digits));

const tickerField = z.string().describe('Ticker symbol, e.g. NVDA');
const dateField = z.string().describe('Trade date (YYYY-MM-DD); only data up to this date is returned');

/**
 * One tool in no framework's shape: its name, description, zod schema and function (returning
 * JSON text). The LangGraph pipeline makes LangChain tools of it, the AI SDK and Agents SDK
 * pipelines their own, so every provider runs the same tools.
 */
export interface ToolSpec<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly description: string;
  readonly schema: S;
  run(input: z.output<S>): string;
}

/** A spec whose input type is erased, as adapters hold them. */
export type AnyToolSpec = ToolSpec<z.ZodObject> & { run(input: Record<string, unknown>): string };

const spec = <S extends z.ZodObject>(s: ToolSpec<S>): ToolSpec<S> => s;

/**
 * The analysts' tools over the bundled data set. They never look past the trade date, so an
 * analysis cannot peek at the prices its outcome is later checked against.
 */
export function createToolSpecs(data: MarketData) {
  const known = (ticker: string): string => {
    const upper = ticker.toUpperCase();
    if (!data.has(upper)) throw new Error(`unknown ticker ${ticker}`);
    return upper;
  };

  const getPriceHistory = spec({
    name: 'get_price_history',
    description: 'Daily OHLCV bars of a ticker for the trading days up to the trade date.',
    schema: z.object({
      ticker: tickerField,
      date: dateField,
      days: z.number().int().min(1).max(120).default(10).describe('Number of trading days'),
    }),
    run: ({ ticker, date, days }) => {
      const bars = data.barsUntil(known(ticker), date, days);
      return JSON.stringify({
        ticker: known(ticker),
        columns: ['date', 'open', 'high', 'low', 'close', 'volume'],
        bars,
      });
    },
  });

  const getIndicators = spec({
    name: 'get_indicators',
    description:
      'Technical indicators at the trade date: SMA 20/50, RSI 14, MACD (12,26,9), 20-day volatility.',
    schema: z.object({ ticker: tickerField, date: dateField }),
    run: ({ ticker, date }) => {
      const closes = data.barsUntil(known(ticker), date, 200).map((bar) => bar[4]);
      const m = macd(closes);
      return JSON.stringify({
        ticker: known(ticker),
        date: data.tradingDay(known(ticker), date),
        close: closes[closes.length - 1] ?? null,
        sma20: round(sma(closes, 20)),
        sma50: round(sma(closes, 50)),
        rsi14: round(rsi(closes, 14), 1),
        macd: round(m?.macd, 3),
        macdSignal: round(m?.signal, 3),
        macdHistogram: round(m?.histogram, 3),
        volatility20d: round(volatility(closes, 20), 3),
      });
    },
  });

  const getNews = spec({
    name: 'get_news',
    description: 'Company news headlines with a sentiment score (-1..1) for the days up to the trade date.',
    schema: z.object({
      ticker: tickerField,
      date: dateField,
      days: z.number().int().min(1).max(60).default(14).describe('Calendar days to look back'),
    }),
    run: ({ ticker, date, days }) =>
      JSON.stringify({ ticker: known(ticker), news: data.newsUntil(known(ticker), date, days) }),
  });

  const getSocialSentiment = spec({
    name: 'get_social_sentiment',
    description: 'Social-media mention count and sentiment of a ticker over the 7 days up to the trade date.',
    schema: z.object({ ticker: tickerField, date: dateField }),
    run: ({ ticker, date }) => {
      const upper = known(ticker);
      const items = data.newsUntil(upper, date, 7);
      const bars = data.barsUntil(upper, date, 5);
      const avgVolume = bars.reduce((s, b) => s + b[5], 0) / Math.max(1, bars.length);
      const score = items.reduce((s, n) => s + n.sentiment, 0) / Math.max(1, items.length);
      return JSON.stringify({
        ticker: upper,
        window: '7d',
        // Mentions scale with trading activity and news flow: a stand-in for a social feed.
        mentions: Math.round(avgVolume / 1e5 + items.length * 350),
        sentimentScore: round(score),
        bullishShare: round(0.5 + score / 2),
      });
    },
  });

  const getFundamentals = spec({
    name: 'get_fundamentals',
    description:
      'Company fundamentals: P/E ratio, revenue growth, gross margin, debt to equity, dividend yield.',
    schema: z.object({ ticker: tickerField }),
    run: ({ ticker }) => {
      const upper = known(ticker);
      const info = data.ticker(upper);
      return JSON.stringify({ ticker: upper, name: info.name, sector: info.sector, ...info.fundamentals });
    },
  });

  return { getPriceHistory, getIndicators, getNews, getSocialSentiment, getFundamentals };
}

/** The analysts' tools in no framework's shape. */
export type ToolSpecs = ReturnType<typeof createToolSpecs>;
export type ToolId = keyof ToolSpecs;

/** Which tools each analyst has (the others have none). */
export const ANALYST_TOOLS: Readonly<Record<AnalystId, readonly ToolId[]>> = Object.freeze({
  market_analyst: ['getPriceHistory', 'getIndicators'],
  social_analyst: ['getSocialSentiment'],
  news_analyst: ['getNews'],
  fundamentals_analyst: ['getFundamentals'],
});

/** The tools of `role`, as specs. */
export function toolsOf(specs: ToolSpecs, role: AnalystId): AnyToolSpec[] {
  return ANALYST_TOOLS[role].map((id) => specs[id] as AnyToolSpec);
}

/** The tools as LangChain tools (`tool()` with the zod schema), for the LangGraph pipeline. */
export function createLangChainTools(specs: ToolSpecs): Record<ToolId, StructuredToolInterface> {
  const out = {} as Record<ToolId, StructuredToolInterface>;
  for (const id of Object.keys(specs) as ToolId[]) {
    const s = specs[id] as AnyToolSpec;
    out[id] = tool((input: Record<string, unknown>) => s.run(input), {
      name: s.name,
      description: s.description,
      schema: s.schema,
    });
  }
  return out;
}

export type DemoTools = ReturnType<typeof createLangChainTools>;
