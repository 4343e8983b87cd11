import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS, VARIANTS } from '../src/providers/protocol.js';

const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

interface VariantSummary {
  variant: string;
  cpuUsPerCall: number;
  spansPerCall: number;
  generationsPerCall: number;
  llmRequestsCounted: number | null;
  llmCallsMade: number;
  recorded: boolean;
}

interface Results {
  command: string;
  benches: Record<
    string,
    { tables: { title: string; columns: string[]; rows: unknown[][] }[]; data: Record<string, unknown> }
  >;
  targets: { id: string; goal: string; met: boolean | null; detail: string }[];
  skipped: { bench: string; variant: string; reason: string }[];
}

// Runs `pnpm bench -- providers --quick` and checks what it writes. No timing assertions: times on a
// shared machine are noise; what must hold is that every variant ran and recorded its calls.
describe('pnpm bench -- providers --quick', () => {
  let dir: string;
  let results: Results;
  let stdout: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-providers-'));
    const out = join(dir, 'results.json');
    ({ stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'src/main.ts', 'providers', '--quick', '--out', out],
      { cwd: BENCH_DIR, maxBuffer: 16 * 1024 * 1024 },
    ));
    results = JSON.parse(await readFile(out, 'utf8')) as Results;
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs only the providers bench, with a target per framework', () => {
    expect(results.command).toBe('pnpm bench -- --quick providers');
    expect(Object.keys(results.benches)).toEqual(['providers']);
    expect(results.targets.map((t) => t.id)).toEqual(FRAMEWORKS.map((f) => `providers:${f}`));
    for (const t of results.targets) expect(t.detail.length).toBeGreaterThan(0);
    // A framework without peers has no goal to meet.
    expect(results.targets.find((t) => t.id === 'providers:google-genai')?.met).toBeNull();
  });

  it('every variant ran and recorded its calls: one Langfuse generation per call, ours counted every request', () => {
    const data = results.benches.providers?.data.frameworks as Record<string, { variants: VariantSummary[] }>;
    const skipped = results.skipped.filter((s) => s.bench === 'providers').map((s) => s.variant);
    for (const framework of FRAMEWORKS) {
      const rows = data[framework]?.variants ?? [];
      // `ai` needs Node >= 22: without a Node 22 binary it is skipped with the reason, never given numbers.
      if (skipped.includes(`${framework}/*`)) {
        expect(rows).toEqual([]);
        continue;
      }
      expect(rows.map((r) => r.variant)).toEqual([...VARIANTS[framework]]);
      for (const row of rows) {
        expect(row.cpuUsPerCall).toBeGreaterThan(0);
        expect({ framework, variant: row.variant, recorded: row.recorded }).toEqual({
          framework,
          variant: row.variant,
          recorded: true,
        });
        if (row.variant === 'baseline') expect(row.spansPerCall).toBe(0);
        else expect(row.generationsPerCall).toBe(1);
      }
      expect(rows.find((r) => r.variant === 'ours')?.llmRequestsCounted).toBe(rows[0]?.llmCallsMade);
    }
    // Only whole frameworks that need a Node this machine lacks may be skipped, never a single variant.
    for (const s of results.skipped.filter((x) => x.bench === 'providers')) {
      expect(s.variant).toMatch(/^(ai|openai-agents)\/\*$/);
      expect(s.reason).toContain('needs Node >= 22');
    }
  });

  it('prints a table per framework that ran', () => {
    expect(results.benches.providers?.tables.length).toBeGreaterThanOrEqual(3);
    for (const table of results.benches.providers?.tables ?? []) expect(stdout).toContain(table.title);
    for (const table of results.benches.providers?.tables ?? [])
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
  });
});
