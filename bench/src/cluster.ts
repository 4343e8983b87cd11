/**
 * Cost of the host-level `/metrics` of a `node:cluster` app (`@tradingagents/telemetry/cluster`:
 * the primary collects 4 workers' loopback endpoints and merges them) against one process doing
 * the same work and serving its own `/metrics`. Both are the real fixture app
 * (packages/telemetry/test/fixtures/cluster-app.mjs) as child processes with the same analyses and
 * label set; the scrapes alternate between them. Host CPU per scrape is the CPU time (utime +
 * stime from /proc) of every process of the app over a round of scrapes, divided by the scrapes.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePrometheusText, sumSamples } from '@tradingagents/testkit';
import { type BenchOptions, type BenchReport, fmt, fmtRatio } from './report.js';
import { fetchText } from './scrape.js';
import { median, ratio, rotate, round } from './stats.js';

const APP = fileURLToPath(new URL('../../packages/telemetry/test/fixtures/cluster-app.mjs', import.meta.url));
const WORKERS = 4;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const VARIANTS = ['one process', '4 workers'] as const;
type Variant = (typeof VARIANTS)[number];

interface App {
  url: string;
  pids: number[];
  stop(): Promise<void>;
}

async function startApp(env: Record<string, string>, done: number): Promise<App> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [APP], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stderr.resume();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cluster app did not finish:\n${lines.join('\n')}`)),
      120_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.filter((l) => l.startsWith('DONE ')).length >= done) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`cluster app exited:\n${lines.join('\n')}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: (lines.find((l) => l.startsWith('URL ')) ?? '').slice(4),
    pids: lines.filter((l) => l.startsWith('PID ')).map((l) => Number(l.slice(4))),
    stop: async () => {
      child.stdin.write('stop\n');
      const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([exited, timeout]);
      child.kill('SIGKILL');
    },
  };
}

/** CPU seconds (user + system) used so far by `pids`; `undefined` without /proc. */
function cpuSeconds(pids: readonly number[]): number | undefined {
  try {
    let ticks = 0;
    for (const pid of pids) {
      // Fields after the command (in parentheses, which may hold spaces): utime is 14th, stime 15th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export async function runCluster(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const sizes = options.quick
    ? { rounds: 4, scrapesPerRound: 10, analysesPerWorker: 100, tickers: 20 }
    : { rounds: 10, scrapesPerRound: 25, analysesPerWorker: 400, tickers: 50 };
  const env = {
    WORKERS: String(WORKERS),
    ANALYSES: String(sizes.analysesPerWorker),
    LABELS: String(sizes.tickers),
  };
  const apps: Record<Variant, App> = {
    'one process': await startApp({ ...env, SINGLE: '1' }, 1),
    '4 workers': await startApp(env, WORKERS),
  };
  const httpMs: Record<Variant, number[]> = { 'one process': [], '4 workers': [] };
  const cpuMs: Record<Variant, number[]> = { 'one process': [], '4 workers': [] };
  const bodies: Record<Variant, string> = { 'one process': '', '4 workers': '' };
  const skipped: BenchReport['skipped'] = [];
  try {
    for (let r = 0; r < sizes.rounds + 1; r++) {
      for (const variant of rotate(VARIANTS, r)) {
        const app = apps[variant];
        const cpuBefore = cpuSeconds(app.pids);
        for (let s = 0; s < sizes.scrapesPerRound; s++) {
          const t0 = performance.now();
          bodies[variant] = await fetchText(app.url);
          if (r > 0) httpMs[variant].push(performance.now() - t0);
        }
        const cpuAfter = cpuSeconds(app.pids);
        if (r > 0 && cpuBefore !== undefined && cpuAfter !== undefined) {
          cpuMs[variant].push(((cpuAfter - cpuBefore) * 1000) / sizes.scrapesPerRound);
        }
      }
    }
  } finally {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
  }
  if (cpuMs['4 workers'].length === 0)
    skipped.push({ variant: 'host CPU', reason: 'no /proc/<pid>/stat on this system' });

  const stats = (v: Variant) => {
    const families = parsePrometheusText(bodies[v]);
    return {
      variant: v,
      processes: apps[v].pids.length,
      httpScrapeMs: round(median(httpMs[v]), 3),
      hostCpuMsPerScrape: cpuMs[v].length > 0 ? round(median(cpuMs[v]), 3) : null,
      bodyBytes: Buffer.byteLength(bodies[v]),
      samples: families.reduce((n, f) => n + f.samples.length, 0),
      analyses: sumSamples(families, 'tradingagents_analyses_total'),
    };
  };
  const one = stats('one process');
  const four = stats('4 workers');
  if (one.analyses !== four.analyses) {
    throw new Error(`the two apps disagree: ${one.analyses} vs ${four.analyses} analyses on /metrics`);
  }
  const httpRatio = ratio(four.httpScrapeMs, one.httpScrapeMs);
  const cpuRatio = ratio(four.hostCpuMsPerScrape ?? Number.NaN, one.hostCpuMsPerScrape ?? Number.NaN);
  return {
    name: 'cluster',
    method:
      `The fixture app (${sizes.tickers} tickers, ${sizes.analysesPerWorker * WORKERS} analyses in all, each with one LLM call) as one process serving /metrics, ` +
      `and as a node:cluster primary with ${WORKERS} workers (${sizes.analysesPerWorker} analyses each) serving the merged /metrics; both show the same totals. ` +
      `${sizes.rounds} rounds (rotated, after one warm-up round) of ${sizes.scrapesPerRound} sequential loopback scrapes each: ` +
      'HTTP = the GET of /metrics from this process; host CPU = user + system CPU time of all the app processes (primary and workers) over the round, per scrape (/proc, 10 ms ticks).',
    tables: [
      {
        title: `Host-level /metrics: ${WORKERS} cluster workers vs one process (${fmt(four.samples, 0)} / ${fmt(one.samples, 0)} samples), medians`,
        columns: [
          'variant',
          'processes',
          'HTTP scrape ms',
          'host CPU ms / scrape',
          'body KiB',
          'samples',
          'HTTP ratio',
          'CPU ratio',
        ],
        rows: [one, four].map((s) => [
          s.variant,
          s.processes,
          fmt(s.httpScrapeMs, 2),
          fmt(s.hostCpuMsPerScrape, 2),
          fmt(s.bodyBytes / 1024, 0),
          fmt(s.samples, 0),
          s === four ? fmtRatio(httpRatio) : '1.00×',
          s === four ? fmtRatio(cpuRatio) : '1.00×',
        ]),
      },
    ],
    targets: [],
    skipped,
    data: { sizes, workers: WORKERS, oneProcess: one, fourWorkers: four, httpRatio, cpuRatio },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
