/** A realistic, deterministic label mix shared by the in-process benches. */

export const AGENTS = [
  'market_analyst',
  'news_analyst',
  'social_analyst',
  'fundamentals_analyst',
  'bull_researcher',
  'bear_researcher',
  'trader',
  'risk_manager',
] as const;
export const MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1', 'o4-mini'] as const;

/** A tiny deterministic PRNG (mulberry32), so every run records the same events. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const tickerName = (i: number): string => `T${i.toString(36).toUpperCase().padStart(4, '0')}`;

export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}
