import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../src/agents/roles.js';
import { DEFAULT_DATE } from '../src/cli.js';
import { freePort, startDemo } from './support/demo-process.js';

describe('pnpm demo --once (fresh clone: no network, no keys)', () => {
  it('analyses three tickers, prints the summary and exits 0', async () => {
    const port = await freePort();
    const started = Date.now();
    const demo = startDemo(['--once', '--metrics-port', String(port)], { via: 'pnpm' });
    const code = await demo.exited;
    const out = demo.stdout();
    expect(code, `stdout:\n${out}\nstderr:\n${demo.stderr()}`).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(out).toContain(`metrics: http://127.0.0.1:${port}/metrics`);
    expect(out).toContain('embedded offline LLM');
    for (const agent of ROLE_IDS) expect(out).toMatch(new RegExp(`^${agent}\\s+3\\s`, 'm'));
    for (const ticker of ['NVDA', 'AAPL', 'MSFT'])
      expect(out).toMatch(new RegExp(`^${ticker}\\s+${DEFAULT_DATE}\\s+(BUY|SELL|HOLD)\\s`, 'm'));
    expect(out).toContain('3/3 analyses succeeded');
    expect(demo.stderr()).not.toMatch(/Error|MaxListeners/);
  }, 60_000);
});

describe('command line', () => {
  it('--help lists every option and exits 0', async () => {
    const demo = startDemo(['--help']);
    expect(await demo.exited, demo.stderr()).toBe(0);
    for (const flag of [
      '--tickers',
      '--date',
      '--concurrency',
      '--rounds',
      '--once',
      '--loop',
      '--metrics-port',
      '--model',
      '--fail-rate',
      '--llm-latency',
      '--user',
      '--quiet',
      '--help',
    ]) {
      expect(demo.stdout()).toContain(flag);
    }
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--tickers', 'NVDA,ZZZZ'], /unknown ticker ZZZZ; the bundled data has NVDA, AAPL, MSFT, TSLA, SPY/],
    [['--concurrency', 'x'], /--concurrency must be an integer/],
    [['--fail-rate', '2'], /--fail-rate must be a number from 0 to 1/],
    [['--date', '1999-01-01'], /--date 1999-01-01 is outside the bundled data/],
    [['--once', '--loop'], /cannot be combined/],
  ])('%j is refused with a clear message and exit code 2', async (args, message) => {
    const demo = startDemo(args);
    expect(await demo.exited).toBe(2);
    expect(demo.stderr()).toMatch(message);
    expect(demo.stderr()).toContain('--help');
  });
});
