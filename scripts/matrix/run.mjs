#!/usr/bin/env node
// The version matrix over the real-world-shaped corpus in test-apps/: for each cell, our packages
// packed and npm-installed with the cell's framework versions, every app run without us and under
// each entry point with the cell's Node, and the results compared. See test-apps/README.md.
//
//   node scripts/matrix/run.mjs [--cell <id|substring>,…] [--app <name>,…] [--entry <entry>,…]
//                               [--jobs <n>] [--list] [--strict] [--verbose]
//
// --strict treats KNOWN_FAILURES as failures. Exit code 1 when an unexpected check fails.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CELLS, KNOWN_FAILURES } from './cells.mjs';
import { checkDelivered, checkLangfuse, checkMetrics, checkStderr, checkTransparency } from './checks.mjs';
import { CORPUS, entriesFor } from './corpus.mjs';
import { installedVersion, nodeBinary, npmLsProblems, packOurPackages, prepareCell } from './install.mjs';
import { PEER_SETUPS, peerCheck } from './peers.mjs';
import { runApp } from './run-app.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const TMP = join(ROOT, '.tmp', 'matrix');

const { values: args } = parseArgs({
  options: {
    cell: { type: 'string' },
    app: { type: 'string' },
    entry: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    list: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const split = (v) => (v ? v.split(',').map((s) => s.trim()) : undefined);
const cellFilter = split(args.cell);
const appFilter = split(args.app);
const entryFilter = split(args.entry);

const cells = CELLS.filter((c) => !cellFilter || cellFilter.some((f) => c.id.includes(f)));
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

if (args.list) {
  for (const cell of CELLS) {
    console.log(`${cell.id}\n  node ${cell.node}; ${JSON.stringify(cell.deps)}`);
    if (cell.preinstall) console.log(`  installed first: ${JSON.stringify(cell.preinstall)}`);
    if (cell.entries) console.log(`  entry points: ${cell.entries.join(', ')}`);
    if (cell.apps) console.log(`  apps: ${cell.apps.join(', ')}`);
  }
  console.log(`apps: ${CORPUS.map((a) => a.name).join(', ')}`);
  process.exit(0);
}

function skipReason(cell, app) {
  if (cell.skip?.[app.name]) return cell.skip[app.name];
  const pkg = {
    supervisor: '@langchain/langgraph-supervisor',
    swarm: '@langchain/langgraph-swarm',
    langchain: 'langchain',
    googleGenAI: '@google/genai',
    anthropic: '@anthropic-ai/sdk',
    aiSdk: 'ai',
    openaiAgents: '@openai/agents',
  };
  const missing = (app.needs ?? []).filter((n) => !cell.deps[pkg[n]]);
  return missing.length > 0 ? `cell does not install ${missing.map((n) => pkg[n]).join(', ')}` : undefined;
}

/** Whether a KNOWN_FAILURES field matches: omitted (any), a value, or a list of values. */
function fits(field, value, partial = false) {
  if (field === undefined) return true;
  const options = Array.isArray(field) ? field : [field];
  return options.some((o) => (partial ? value.includes(o) : o === value));
}

function known(cell, app, entry, check) {
  return KNOWN_FAILURES.find(
    (k) => fits(k.cell, cell, true) && fits(k.app, app) && fits(k.entry, entry) && fits(k.check, check),
  );
}

async function loadTestkit() {
  const file = join(ROOT, 'packages', 'testkit', 'dist', 'index.js');
  for (let attempt = 0; ; attempt++) {
    // Others may be rebuilding the workspace: a dist file can be missing for a moment.
    if (existsSync(file)) return import(pathToFileURL(file).href);
    if (attempt === 10) throw new Error('packages/testkit/dist is missing: run `pnpm build` first');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function pool(tasks, jobs) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

const outcomes = []; // { cell, app, entry, check, status: 'pass'|'fail'|'known'|'fixed', detail, reason }

function record(cell, app, entry, check, failures) {
  if (failures === null) return 'n/a';
  const k = known(cell, app, entry, check);
  let status = failures.length === 0 ? 'pass' : 'fail';
  // A flaky known failure (timing-dependent) that passes this time is a pass, counted apart.
  if (k && !args.strict) status = failures.length > 0 ? 'known' : k.flaky ? 'flaky-pass' : 'fixed';
  outcomes.push({ cell, app, entry, check, status, detail: failures.join('\n    '), reason: k?.reason });
  return status;
}

async function runCell(cell, testkit, tarballs) {
  const started = Date.now();
  const nodeBin = nodeBinary(ROOT, cell.node);
  const prepared = prepareCell({
    cell,
    tmp: TMP,
    tarballs,
    corpusDir: join(ROOT, 'test-apps'),
    shimDir: join(HERE, 'shims'),
    nodeBin,
  });
  const dir = prepared.dir;
  const versions = [
    '@langchain/core',
    '@langchain/langgraph',
    '@langchain/openai',
    'openai',
    '@google/genai',
    '@anthropic-ai/sdk',
    'ai',
    '@openai/agents',
    '@opentelemetry/api',
  ]
    .map((p) => `${p}@${installedVersion(dir, p)}`)
    .join(' ');
  console.log(
    `\n▶ ${cell.id} — Node ${cell.node}; ${versions} (${prepared.reused ? 'install reused' : `installed in ${seconds(prepared.installMs)}`})`,
  );

  const ls = npmLsProblems(dir, nodeBin);
  record(
    cell.id,
    '(install)',
    'npm',
    'install',
    ls.ours.map((l) => `npm ls: ${l.trim()}`),
  );
  if (cell.expectNested) {
    const top = installedVersion(dir, '@opentelemetry/instrumentation');
    const nested = installedVersion(
      dir,
      '@opentelemetry/instrumentation',
      'node_modules/@tradingagents/telemetry',
    );
    const ok = top !== undefined && nested !== undefined && top !== nested;
    console.log(
      `  @opentelemetry/instrumentation: top-level ${top}, nested under @tradingagents/telemetry ${nested}`,
    );
    record(
      cell.id,
      '(install)',
      'npm',
      'install',
      ok ? [] : ['expected npm to nest our @opentelemetry/instrumentation'],
    );
  }

  // A cell with `apps` (one framework's versions) runs those apps only.
  const apps = CORPUS.filter(
    (a) => (!appFilter || appFilter.includes(a.name)) && (!cell.apps || cell.apps.includes(a.name)),
  );
  const plan = [];
  for (const app of apps) {
    const reason = skipReason(cell, app);
    if (reason) {
      console.log(`  – ${app.name}: skipped (${reason})`);
      continue;
    }
    let entries = entriesFor(app, entryFilter ?? cell.entries);
    if (!entryFilter && !cell.entries && app.name === 'react-agent') entries = [...entries, 'import-debug'];
    // ai 5/6 under the plain call from an ES module need --import or getAiSdkTracer() (the core does
    // not load `ai` from the app's directory; instrumentation README, "ai 5 and 6").
    if (app.needs?.includes('aiSdk') && Number.parseInt(cell.deps?.ai ?? '7', 10) < 7) {
      if (entries.includes('plain-esm'))
        console.log(`  – ${app.name} [plain-esm]: not run with ai ${cell.deps.ai}`);
      entries = entries.filter((e) => e !== 'plain-esm');
    }
    if (entryFilter?.includes('import-debug')) entries = [...new Set([...entries, 'import-debug'])];
    plan.push({ app, entries });
  }
  const tasks = plan.flatMap(({ app, entries }) =>
    ['baseline', ...entries].map((entry) => async () => ({
      app,
      entry,
      result: await runApp({ testkit, app, entry, cellDir: dir, nodeBin }),
    })),
  );
  const results = await pool(tasks, Number(args.jobs));
  for (const { app, entries } of plan) {
    const baseline = results.find((r) => r.app === app && r.entry === 'baseline').result;
    for (const entry of entries) {
      const run = results.find((r) => r.app === app && r.entry === entry).result;
      const checks = {
        transparency: checkTransparency(app, run, baseline),
        stderr: checkStderr(run, baseline),
        // Without the app's output there is nothing to compare: transparency already failed.
        metrics: run.json === undefined ? null : checkMetrics(app, run),
        langfuse: run.json === undefined ? null : checkLangfuse(app, run),
        delivery: checkDelivered(app, run),
      };
      const statuses = Object.entries(checks).map(([check, failures]) => [
        check,
        record(cell.id, app.name, entry, check, failures),
        failures ?? [],
      ]);
      const bad = statuses.filter(([, s]) => s === 'fail');
      const knownCount = statuses.filter(([, s]) => s === 'known').length;
      const mark = bad.length > 0 ? '✗' : knownCount > 0 ? '~' : '✓';
      const note = knownCount > 0 ? ` (${knownCount} known failure${knownCount > 1 ? 's' : ''})` : '';
      console.log(`  ${mark} ${app.name} [${entry}] ${seconds(run.durationMs)}${note}`);
      for (const [check, status, failures] of statuses) {
        if (status === 'fail' || (args.verbose && status === 'known')) {
          console.log(`    ${check}${status === 'known' ? ' (known)' : ''}: ${failures.join('\n    ')}`);
        }
        if (status === 'fixed') console.log(`    ${check}: now passes — remove it from KNOWN_FAILURES`);
      }
    }
  }
  console.log(`  ${cell.id}: ${tasks.length} runs in ${seconds(Date.now() - started)}`);
}

const started = Date.now();
mkdirSync(TMP, { recursive: true });
const testkit = await loadTestkit();
const tarballs = packOurPackages(ROOT, TMP);
if (!cellFilter || cellFilter.includes('peers')) {
  for (const setup of PEER_SETUPS) {
    const peers = peerCheck({ tmp: TMP, tarballs, nodeBin: process.execPath, setup });
    const status = record('peers', setup.id, 'npm', 'install', peers.failures);
    console.log(
      `▶ peers (${setup.id}) — npm install of our two tarballs${setup.extra.length ? ` + ${setup.extra.join(' ')}` : ''}: ` +
        `@opentelemetry/api ${peers.api ?? '-'}, npm ls exit ${peers.code} — ${status}`,
    );
    for (const f of peers.failures) console.log(`    ${f}`);
  }
}
for (const cell of cells) await runCell(cell, testkit, tarballs);

const count = (s) => outcomes.filter((o) => o.status === s).length;
console.log(
  `\nmatrix: ${cells.length} cells, ${outcomes.length} checks — ${count('pass')} passed, ${count('fail')} failed, ` +
    `${count('known')} known failures, ${count('flaky-pass')} flaky known failures passing this time, ` +
    `${count('fixed')} known failures now passing — ${seconds(Date.now() - started)}`,
);
const failed = outcomes.filter((o) => o.status === 'fail');
if (failed.length > 0) {
  console.log('failures:');
  for (const o of failed)
    console.log(`  ${o.cell} ${o.app} [${o.entry}] ${o.check}: ${o.detail.split('\n')[0]}`);
}
writeFileSync(join(TMP, 'report.json'), `${JSON.stringify(outcomes, null, 2)}\n`);
if (count('known') > 0) {
  const reasons = [...new Set(outcomes.filter((o) => o.status === 'known').map((o) => o.reason))];
  console.log(`known failures (KNOWN_FAILURES in scripts/matrix/cells.mjs):\n  - ${reasons.join('\n  - ')}`);
}
process.exit(count('fail') > 0 ? 1 : 0);
