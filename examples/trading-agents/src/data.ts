import { readFileSync } from 'node:fs';

/** One daily bar: date, open, high, low, close, volume. */
export type Bar = readonly [
  date: string,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
];

export interface NewsItem {
  readonly date: string;
  readonly headline: string;
  readonly source: string;
  /** -1 (very negative) .. 1 (very positive). */
  readonly sentiment: number;
}

export interface TickerData {
  readonly name: string;
  readonly sector: string;
  readonly fundamentals: Readonly<Record<string, number>>;
  readonly prices: readonly Bar[];
  readonly news: readonly NewsItem[];
}

interface DataFile {
  readonly tickers: Readonly<Record<string, TickerData>>;
}

/** The bundled, synthetic data set (see scripts/generate-data.ts). Loaded once, read-only. */
export class MarketData {
  private constructor(private readonly file: DataFile) {}

  static load(url: URL = new URL('../data/market-data.json', import.meta.url)): MarketData {
    return new MarketData(JSON.parse(readFileSync(url, 'utf8')) as DataFile);
  }

  get tickers(): string[] {
    return Object.keys(this.file.tickers);
  }

  has(ticker: string): boolean {
    return Object.hasOwn(this.file.tickers, ticker);
  }

  ticker(ticker: string): TickerData {
    const data = this.file.tickers[ticker];
    if (data === undefined) throw new Error(`unknown ticker ${ticker}; known: ${this.tickers.join(', ')}`);
    return data;
  }

  /** Index of the last bar on or before `date`, or -1 when `date` precedes the data. */
  indexOn(ticker: string, date: string): number {
    const prices = this.ticker(ticker).prices;
    let found = -1;
    for (let i = 0; i < prices.length && prices[i][0] <= date; i++) found = i;
    return found;
  }

  /** The last trading day on or before `date`, or `undefined` when `date` precedes the data. */
  tradingDay(ticker: string, date: string): string | undefined {
    const index = this.indexOn(ticker, date);
    return index < 0 ? undefined : this.ticker(ticker).prices[index][0];
  }

  /** The `count` bars ending on the last trading day on or before `date` (never later ones). */
  barsUntil(ticker: string, date: string, count: number): Bar[] {
    const end = this.indexOn(ticker, date);
    return this.ticker(ticker).prices.slice(Math.max(0, end - count + 1), end + 1);
  }

  /** The bar `days` trading days after `date`, or `undefined` past the end of the data. */
  barAfter(ticker: string, date: string, days: number): Bar | undefined {
    const index = this.indexOn(ticker, date);
    return index < 0 ? undefined : this.ticker(ticker).prices[index + days];
  }

  /** News of the `lookbackDays` calendar days up to and including `date`. */
  newsUntil(ticker: string, date: string, lookbackDays: number): NewsItem[] {
    const from = new Date(`${date}T00:00:00Z`);
    from.setUTCDate(from.getUTCDate() - lookbackDays);
    const start = from.toISOString().slice(0, 10);
    return this.ticker(ticker).news.filter((n) => n.date > start && n.date <= date);
  }

  /** First and last trading day of a ticker. */
  range(ticker: string): { first: string; last: string } {
    const prices = this.ticker(ticker).prices;
    return { first: prices[0][0], last: prices[prices.length - 1][0] };
  }
}
