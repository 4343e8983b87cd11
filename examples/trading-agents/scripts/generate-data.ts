/**
 * Generates the bundled market data set (data/market-data.json) deterministically: a seeded random
 * walk of daily OHLCV bars (weekdays of 2024), templated news headlines with a sentiment score, and
 * static fundamentals, for a few tickers. The output is committed; rerun with `pnpm generate-data`
 * only to change it. No network: the numbers are synthetic, shaped like real ones.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20240101;
const START = '2024-01-02';
const END = '2024-12-31';

interface TickerSpec {
  name: string;
  sector: string;
  start: number;
  drift: number;
  vol: number;
  volume: number;
  fundamentals: Record<string, number>;
}

const TICKERS: Record<string, TickerSpec> = {
  NVDA: {
    name: 'NVIDIA Corporation',
    sector: 'Semiconductors',
    start: 48.2,
    drift: 0.0025,
    vol: 0.032,
    volume: 420e6,
    fundamentals: {
      peRatio: 54.1,
      revenueGrowthYoY: 1.22,
      grossMargin: 0.75,
      debtToEquity: 0.17,
      dividendYield: 0.0003,
    },
  },
  AAPL: {
    name: 'Apple Inc.',
    sector: 'Consumer Electronics',
    start: 185.6,
    drift: 0.0006,
    vol: 0.014,
    volume: 58e6,
    fundamentals: {
      peRatio: 37.2,
      revenueGrowthYoY: 0.02,
      grossMargin: 0.46,
      debtToEquity: 1.87,
      dividendYield: 0.0044,
    },
  },
  MSFT: {
    name: 'Microsoft Corporation',
    sector: 'Software',
    start: 370.9,
    drift: 0.0005,
    vol: 0.013,
    volume: 21e6,
    fundamentals: {
      peRatio: 35.0,
      revenueGrowthYoY: 0.16,
      grossMargin: 0.7,
      debtToEquity: 0.29,
      dividendYield: 0.0075,
    },
  },
  TSLA: {
    name: 'Tesla, Inc.',
    sector: 'Automobiles',
    start: 248.4,
    drift: 0.0004,
    vol: 0.036,
    volume: 95e6,
    fundamentals: {
      peRatio: 68.4,
      revenueGrowthYoY: 0.01,
      grossMargin: 0.18,
      debtToEquity: 0.18,
      dividendYield: 0,
    },
  },
  SPY: {
    name: 'SPDR S&P 500 ETF Trust',
    sector: 'Index ETF',
    start: 472.6,
    drift: 0.0008,
    vol: 0.008,
    volume: 62e6,
    fundamentals: {
      peRatio: 24.9,
      revenueGrowthYoY: 0.05,
      grossMargin: 0,
      debtToEquity: 0,
      dividendYield: 0.0123,
    },
  },
};

const POSITIVE = [
  '{name} beats quarterly estimates as demand stays strong',
  'Analysts raise {ticker} price target after upbeat guidance',
  '{name} announces expanded buyback programme',
  '{ticker} gains as new product line draws strong early orders',
  'Institutional investors add to {ticker} positions',
];
const NEGATIVE = [
  '{name} faces regulatory scrutiny over market practices',
  '{ticker} slips as supply constraints weigh on outlook',
  'Analysts trim {ticker} estimates on margin pressure',
  '{name} executive departure raises succession questions',
  '{ticker} falls after cautious commentary at industry conference',
];
const NEUTRAL = [
  '{name} to present at upcoming technology conference',
  '{ticker} trades flat ahead of macro data',
  '{name} files routine quarterly disclosures',
  'Options activity in {ticker} in line with recent averages',
];
const SOURCES = ['Reuters', 'Bloomberg', 'MarketWatch', 'Barron’s', 'CNBC', 'Financial Times'];

/** mulberry32: a tiny seeded PRNG, enough for reproducible synthetic data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function weekdays(start: string, end: string): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${start}T00:00:00Z`);
    d <= new Date(`${end}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function generate(): unknown {
  const days = weekdays(START, END);
  const tickers: Record<string, unknown> = {};
  let index = 0;
  for (const [ticker, spec] of Object.entries(TICKERS)) {
    const random = rng(SEED + 7919 * ++index);
    const prices: [string, number, number, number, number, number][] = [];
    const news: { date: string; headline: string; source: string; sentiment: number }[] = [];
    let close = spec.start;
    for (const [i, date] of days.entries()) {
      const open = close * (1 + gaussian(random) * spec.vol * 0.25);
      close = open * Math.exp(spec.drift + gaussian(random) * spec.vol);
      const high = Math.max(open, close) * (1 + random() * spec.vol * 0.6);
      const low = Math.min(open, close) * (1 - random() * spec.vol * 0.6);
      const volume = Math.round(spec.volume * (0.6 + random() * 0.8));
      prices.push([date, round(open), round(high), round(low), round(close), volume]);
      // About two stories a week; tone follows the day's move, with noise.
      if (random() < 0.4) {
        const move = close / open - 1 + gaussian(random) * spec.vol * 0.5;
        const pool = move > spec.vol * 0.2 ? POSITIVE : move < -spec.vol * 0.2 ? NEGATIVE : NEUTRAL;
        const sentiment =
          pool === POSITIVE
            ? 0.3 + random() * 0.6
            : pool === NEGATIVE
              ? -0.3 - random() * 0.6
              : random() * 0.4 - 0.2;
        const headline = pool[Math.floor(random() * pool.length)]
          .replaceAll('{ticker}', ticker)
          .replaceAll('{name}', spec.name);
        news.push({
          date,
          headline,
          source: SOURCES[(i + index) % SOURCES.length],
          sentiment: round(sentiment),
        });
      }
    }
    tickers[ticker] = { name: spec.name, sector: spec.sector, fundamentals: spec.fundamentals, prices, news };
  }
  return {
    description:
      'Synthetic, deterministic daily bars (weekdays), news and fundamentals for the offline demo.',
    seed: SEED,
    columns: ['date', 'open', 'high', 'low', 'close', 'volume'],
    tickers,
  };
}

/** One bar or story per line: diffable, and still small. */
function format(data: unknown): string {
  return `${JSON.stringify(data, (_key, value) => value, 2)
    .replace(
      /\[\n\s+("\d{4}-\d\d-\d\d"),\n\s+([\d.]+),\n\s+([\d.]+),\n\s+([\d.]+),\n\s+([\d.]+),\n\s+(\d+)\n\s+\]/g,
      '[$1, $2, $3, $4, $5, $6]',
    )
    .replace(
      /\{\n\s+"date": ("[^"]+"),\n\s+"headline": ("[^"]+"),\n\s+"source": ("[^"]+"),\n\s+"sentiment": (-?[\d.]+)\n\s+\}/g,
      '{ "date": $1, "headline": $2, "source": $3, "sentiment": $4 }',
    )}\n`;
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'market-data.json');
writeFileSync(out, format(generate()));
// Leave the file exactly as the repo's formatter wants it, so `biome check` stays clean.
execFileSync('pnpm', ['exec', 'biome', 'format', '--write', out], { stdio: 'inherit' });
console.log(`wrote ${out}`);
