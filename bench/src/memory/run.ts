import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, type BenchReport, fmt, type Target } from '../report.js';
import { round } from '../stats.js';
import { MEMORY_VARIANTS, type MemoryConfig, type MemoryResult, type MemoryVariant } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));

function runWorker(config: MemoryConfig, timeoutMs: number): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      cwd: BENCH_DIR,
      execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'],
      env: { ...process.env, BENCH_MEMORY_CONFIG: JSON.stringify(config), OTEL_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: MemoryResult | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('message', (message: { result?: MemoryResult }) => {
      result = message.result;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else if (timedOut) reject(new Error(`${config.variant} did not finish within ${timeoutMs / 1000} s`));
      else reject(new Error(`${config.variant} exited with ${signal ?? code}: ${stderr.slice(-2000)}`));
    });
  });
}

const DESCRIPTIONS: Record<MemoryVariant, string> = {
  'ours-recorder': 'ours, metrics only: MetricsRecorder.analysisEnded (ticker bound 250)',
  'ours-spans':
    'ours, public API: startAnalysis().end() with spans to a no-op exporter + Prometheus (ticker bound 250)',
  'prom-client': 'prom-client, unbounded ticker label',
};

/** Heap after N analyses over many distinct tickers: ours (bounded) vs prom-client (unbounded). */
export async function runMemory(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const sizes = options.quick
    ? { analyses: 100_000, tickers: 10_000, checkpoints: 5 }
    : { analyses: 1_000_000, tickers: 100_000, checkpoints: 10 };
  const results: MemoryResult[] = [];
  const skipped: { variant: string; reason: string }[] = [];
  // Each variant in its own process: heaps must not share a process to be compared.
  for (const variant of MEMORY_VARIANTS) {
    try {
      results.push(await runWorker({ variant, ...sizes }, options.quick ? 60_000 : 180_000));
    } catch (error) {
      skipped.push({ variant, reason: (error as Error).message.slice(0, 500) });
    }
  }
  const firstCheckpoint = Math.floor(sizes.analyses / sizes.checkpoints);
  const summary = results.map((r) => {
    const at = (n: number) => r.checkpoints.find((c) => c.analyses === n)?.heapUsedMiB ?? Number.NaN;
    const last = r.checkpoints[r.checkpoints.length - 1] as { analyses: number; heapUsedMiB: number };
    return {
      variant: r.variant,
      description: DESCRIPTIONS[r.variant],
      baselineMiB: at(0),
      firstCheckpointMiB: at(firstCheckpoint),
      finalMiB: last.heapUsedMiB,
      growthAfterFirstCheckpointMiB: round(last.heapUsedMiB - at(firstCheckpoint), 1),
      growthFromBaselineMiB: round(last.heapUsedMiB - at(0), 1),
      analysesSeries: r.analysesSeries,
      seconds: r.seconds,
      checkpoints: r.checkpoints,
    };
  });
  const targets: Target[] = [];
  for (const s of summary.filter((x) => x.variant !== 'prom-client')) {
    // Flat: within 2 MiB (GC noise) from the first checkpoint, long after the 250-ticker bound was reached.
    const met = Math.abs(s.growthAfterFirstCheckpointMiB) <= 2;
    const prom = summary.find((x) => x.variant === 'prom-client');
    targets.push({
      id: `memory:${s.variant}`,
      goal: 'memory bounded: heap flat once the cardinality bound is reached',
      met,
      detail:
        `${s.variant}: ${fmt(s.firstCheckpointMiB)} MiB after ${firstCheckpoint.toLocaleString('en-US')} analyses → ${fmt(s.finalMiB)} MiB after ${sizes.analyses.toLocaleString('en-US')} ` +
        `(${s.growthAfterFirstCheckpointMiB >= 0 ? '+' : ''}${fmt(s.growthAfterFirstCheckpointMiB)} MiB), ${s.analysesSeries} analyses series` +
        (prom
          ? `; prom-client grows ${fmt(prom.growthFromBaselineMiB)} MiB to ${prom.analysesSeries.toLocaleString('en-US')} series.`
          : '.'),
    });
  }
  const marks = summary[0]?.checkpoints.map((c) => c.analyses) ?? [];
  return {
    name: 'memory',
    method:
      `${sizes.analyses.toLocaleString('en-US')} analyses over ${sizes.tickers.toLocaleString('en-US')} distinct tickers, introduced steadily (analysis i uses ticker ⌊i·${sizes.tickers}/${sizes.analyses}⌋), ~5% errors; ` +
      `each variant in its own process (node --expose-gc); heapUsed after two global.gc() calls at ${sizes.checkpoints} checkpoints.`,
    tables: [
      {
        title: 'Heap used (MiB, after GC) by analyses recorded',
        columns: [
          'variant',
          ...marks.map((m) => (m === 0 ? 'start' : m >= 1000 ? `${m / 1000}k` : String(m))),
          'series',
        ],
        rows: summary.map((s) => [
          s.variant,
          ...s.checkpoints.map((c) => fmt(c.heapUsedMiB, 1)),
          s.analysesSeries,
        ]),
      },
    ],
    targets,
    skipped,
    data: { sizes, variants: summary },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
