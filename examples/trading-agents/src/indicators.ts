/** Technical indicators over closing prices, oldest first. Each returns `undefined` without enough data. */

export function sma(values: readonly number[], period: number): number | undefined {
  if (values.length < period) return undefined;
  return values.slice(-period).reduce((sum, v) => sum + v, 0) / period;
}

/** Exponential moving average series, seeded with the SMA of the first `period` values. */
export function emaSeries(values: readonly number[], period: number): number[] {
  if (values.length < period) return [];
  const k = 2 / (period + 1);
  const series = [values.slice(0, period).reduce((sum, v) => sum + v, 0) / period];
  for (let i = period; i < values.length; i++)
    series.push(values[i] * k + series[series.length - 1] * (1 - k));
  return series;
}

/** Wilder's RSI. */
export function rsi(values: readonly number[], period = 14): number | undefined {
  if (values.length <= period) return undefined;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const change = values[i] - values[i - 1];
    if (change > 0) gain += change;
    else loss -= change;
  }
  gain /= period;
  loss /= period;
  for (let i = period + 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    gain = (gain * (period - 1) + Math.max(change, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
  }
  if (loss === 0) return 100;
  return 100 - 100 / (1 + gain / loss);
}

/** MACD (12, 26, 9): the MACD line, its signal line and the histogram, at the last value. */
export function macd(
  values: readonly number[],
  fast = 12,
  slow = 26,
  signal = 9,
): { macd: number; signal: number; histogram: number } | undefined {
  const slowSeries = emaSeries(values, slow);
  if (slowSeries.length < signal) return undefined;
  const fastSeries = emaSeries(values, fast).slice(slow - fast);
  const line = slowSeries.map((s, i) => fastSeries[i] - s);
  const signalSeries = emaSeries(line, signal);
  const last = line[line.length - 1];
  const lastSignal = signalSeries[signalSeries.length - 1];
  return { macd: last, signal: lastSignal, histogram: last - lastSignal };
}

/** Annualised volatility of daily log returns, as a fraction. */
export function volatility(values: readonly number[], period = 20): number | undefined {
  if (values.length <= period) return undefined;
  const tail = values.slice(-period - 1);
  const returns = tail.slice(1).map((v, i) => Math.log(v / tail[i]));
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance) * Math.sqrt(252);
}
