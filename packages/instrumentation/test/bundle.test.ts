import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// A bundled deployment: the app's package.json names LangGraph and OpenAI, but only the bundle is
// shipped (no node_modules of theirs). It runs the built packages, as `pnpm test` builds first.
const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const TELEMETRY = join(PACKAGE_DIR, '..', 'telemetry', 'dist', 'index.js');

describe('an app whose frameworks cannot be found (a bundle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ta-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runBundle(withInstrumentation: boolean) {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    if (withInstrumentation) {
      mkdirSync(join(dir, 'node_modules', '@tradingagents'), { recursive: true });
      symlinkSync(PACKAGE_DIR, join(dir, 'node_modules', '@tradingagents', 'instrumentation'), 'dir');
    }
    return spawnSync(process.execPath, [join(dir, 'dist', 'bundle.mjs')], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
  }

  it('says once per framework, in one line, what is not instrumented and how to fix it; the app runs on', () => {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'bundled-app',
        type: 'module',
        dependencies: { '@langchain/langgraph': '^1.0.0', openai: '^6.0.0' },
      }),
    );
    writeFileSync(
      join(dir, 'dist', 'bundle.mjs'),
      `import { registerTradingAgentsTelemetry } from ${JSON.stringify(pathToFileURL(TELEMETRY).href)};\n` +
        'await registerTradingAgentsTelemetry({ metrics: { server: "none" }, langfuse: { enabled: false } }).ready;\n' +
        'console.log("app ran");\n',
    );
    const run = runBundle(true);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('app ran');
    const lines = run.stderr.trim().split('\n');
    expect(
      lines.filter((l) => l.includes('@langchain/core is a dependency of this app but cannot be found')),
    ).toHaveLength(1);
    expect(
      lines.filter((l) => l.includes('openai is a dependency of this app but cannot be found')),
    ).toHaveLength(1);
    for (const line of lines) expect(line).toMatch(/manuallyInstrument\(\)/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('says so in one line when our instrumentation package itself was bundled away', () => {
    const run = runBundle(false);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('app ran');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /@langchain\/langgraph, openai not instrumented: @tradingagents\/instrumentation cannot be loaded/,
    );
    expect(lines[0]).toMatch(/manuallyInstrument\(\)/);
  });
});
