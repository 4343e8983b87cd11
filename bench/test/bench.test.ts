import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

interface Results {
  schema: string;
  command: string;
  quick: boolean;
  machine: { nproc: number; node: string };
  benches: Record<
    string,
    { tables: { columns: string[]; rows: unknown[][] }[]; data: Record<string, unknown> }
  >;
  targets: { id: string; goal: string; met: boolean | null; detail: string }[];
  skipped: { bench: string; variant: string; reason: string }[];
}

// Runs the real script in --quick mode and checks the shape of what it writes. No timing assertions:
// absolute and relative times on a shared machine are noise for a unit test.
describe('pnpm bench -- --quick', () => {
  let dir: string;
  let results: Results;
  let stdout: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-'));
    const out = join(dir, 'results.json');
    ({ stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'src/main.ts', '--quick', '--out', out],
      { cwd: BENCH_DIR, maxBuffer: 16 * 1024 * 1024 },
    ));
    results = JSON.parse(await readFile(out, 'utf8')) as Results;
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes well-formed JSON with the machine, every bench and every target', () => {
    expect(results.schema).toBe('tradingagents-bench/1');
    expect(results.quick).toBe(true);
    expect(results.command).toBe('pnpm bench -- --quick');
    expect(results.machine.nproc).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(Object.keys(results.benches).sort()).toEqual([
      'cluster',
      'hotpath',
      'memory',
      'overhead',
      'scrape',
    ]);
    expect(results.targets.map((t) => t.id)).toEqual(
      expect.arrayContaining(['overhead', 'hotpath', 'scrape', 'memory:ours-recorder', 'memory:ours-spans']),
    );
    for (const t of results.targets) {
      expect([true, false, null]).toContain(t.met);
      expect(t.detail.length).toBeGreaterThan(0);
    }
  });

  it('reports numbers (or a skip reason) for every variant, never a made-up number', () => {
    for (const bench of Object.values(results.benches)) {
      for (const table of bench.tables) {
        for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
      }
    }
    const overhead = results.benches.overhead?.data.variants as { variant: string; analysisWallUs: number }[];
    const ran = overhead.map((v) => v.variant);
    const skipped = results.skipped.filter((s) => s.bench === 'overhead').map((s) => s.variant);
    expect([...ran, ...skipped].sort()).toEqual(
      [
        'langfuse-langchain',
        'noop-handler',
        'noop-handler-await',
        'openinference',
        'ours',
        'traceloop',
        'uninstrumented',
      ].sort(),
    );
    for (const v of overhead) expect(v.analysisWallUs).toBeGreaterThan(0);
    // The cluster bench compares two real apps that showed the same totals; both ratios are numbers.
    const cluster = results.benches.cluster?.data as {
      httpRatio: number | null;
      oneProcess: { processes: number; analyses: number };
      fourWorkers: { processes: number; analyses: number };
    };
    expect(cluster.oneProcess.processes).toBe(1);
    expect(cluster.fourWorkers.processes).toBe(5);
    expect(cluster.fourWorkers.analyses).toBe(cluster.oneProcess.analyses);
    expect(cluster.httpRatio).toBeGreaterThan(0);
  });

  it('prints the tables', () => {
    expect(stdout).toContain('Overhead per agent step');
    expect(stdout).toContain('Hot-path recording');
    expect(stdout).toContain('Scrape cost');
    expect(stdout).toContain('Heap used');
    expect(stdout).toContain('Host-level /metrics: 4 cluster workers vs one process');
  });
});
