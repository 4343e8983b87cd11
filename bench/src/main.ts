/**
 * `pnpm bench [-- [--quick] [--out file.json] [overhead|hotpath|scrape|memory|cluster|providers]...]`
 *
 * Runs the selected benches (all but the opt-in `providers` by default), prints their tables and writes the results JSON
 * (bench/results/latest.json and a dated copy, or only `--out`). Comparisons are ratios measured side
 * by side in one run; absolute times are only meaningful next to the machine info in the JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCluster } from './cluster.js';
import { runHotpath } from './hotpath.js';
import { machineInfo } from './machine.js';
import { runMemory } from './memory/run.js';
import { runOverhead } from './overhead/run.js';
import { printReport } from './print.js';
import { runProviders } from './providers/run.js';
import type { BenchOptions, BenchReport } from './report.js';
import { runScrape } from './scrape.js';
import { versions } from './versions.js';

const BENCHES: Record<string, (options: BenchOptions) => Promise<BenchReport>> = {
  overhead: runOverhead,
  hotpath: runHotpath,
  scrape: runScrape,
  memory: runMemory,
  cluster: runCluster,
  providers: runProviders,
};
/** Named to run: `providers` spawns ~120 processes in full mode (about ten minutes on 2 cores), so it is not in the default set. */
const OPT_IN = new Set(['providers']);
const DEFAULT = Object.keys(BENCHES).filter((name) => !OPT_IN.has(name));
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

function parseArgs(argv: string[]) {
  const selected: string[] = [];
  let quick = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '--quick') quick = true;
    else if (arg === '--out') out = argv[++i];
    else if (arg in BENCHES) selected.push(arg);
    else {
      console.error(`unknown argument ${JSON.stringify(arg)}; benches: ${Object.keys(BENCHES).join(', ')}`);
      process.exit(2);
    }
  }
  return { quick, out, selected: selected.length > 0 ? selected : DEFAULT };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof global.gc !== 'function') console.warn('run with --expose-gc: memory numbers need global.gc()');
  const started = new Date();
  const reports: BenchReport[] = [];
  for (const name of args.selected) {
    console.log(`\n▶ ${name}${args.quick ? ' (quick)' : ''}`);
    const report = await (BENCHES[name] as (o: BenchOptions) => Promise<BenchReport>)({ quick: args.quick });
    printReport(report);
    reports.push(report);
  }
  const isDefault = args.selected.join() === DEFAULT.join();
  const command = `pnpm bench${args.quick || !isDefault ? ` -- ${[args.quick ? '--quick' : '', ...(isDefault ? [] : args.selected)].filter(Boolean).join(' ')}` : ''}`;
  const results = {
    schema: 'tradingagents-bench/1',
    startedAt: started.toISOString(),
    durationSeconds: Math.round((Date.now() - started.getTime()) / 100) / 10,
    command,
    quick: args.quick,
    machine: machineInfo(),
    versions: await versions(),
    benches: Object.fromEntries(reports.map((r) => [r.name, r])),
    targets: reports.flatMap((r) => r.targets),
    skipped: reports.flatMap((r) => r.skipped.map((s) => ({ bench: r.name, ...s }))),
  };
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // Relative to where `pnpm bench` was typed (pnpm runs the script in bench/ and says where it was
  // called from in INIT_CWD), so `--out bench/results/x.json` from the root lands in bench/results.
  const files = args.out
    ? [resolve(process.env.INIT_CWD ?? process.cwd(), args.out)]
    : [
        join(RESULTS_DIR, 'latest.json'),
        join(RESULTS_DIR, `${started.toISOString().slice(0, 10)}${args.quick ? '-quick' : ''}.json`),
      ];
  for (const file of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, json);
  }
  console.log(`\nresults: ${files.join(', ')}`);
  console.log('targets:');
  for (const t of results.targets)
    console.log(`  ${t.met === null ? '?' : t.met ? '✓' : '✗'} ${t.id}: ${t.detail}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
