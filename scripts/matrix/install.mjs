// Installs what a cell needs, the way users install it: our packages packed with `pnpm pack`,
// then `npm install` of the tarballs and the cell's framework versions into a temp app dir.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { depsOf } from './cells.mjs';

const PACKED = ['telemetry', 'instrumentation'];

function run(cmd, args, options) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

/** Packs packages/telemetry and packages/instrumentation into `<tmp>/pack`; returns tarball paths. */
export function packOurPackages(root, tmp) {
  const dest = join(tmp, 'pack');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const name of PACKED) {
    const dir = join(root, 'packages', name);
    if (!existsSync(join(dir, 'dist')))
      throw new Error(`packages/${name}/dist is missing: run \`pnpm build\` first`);
    run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
  }
  const tarballs = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  return PACKED.map((name) =>
    join(
      dest,
      tarballs.find((f) => f.startsWith(`tradingagents-${name}-`)),
    ),
  );
}

/** The Node binary for a major version: this one, or `npm install --prefix .tmp/node<major> node@<major>`. */
export function nodeBinary(root, major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const dir = join(root, '.tmp', `node${major}`);
  const bin = join(dir, 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    run('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `node@${major}`]);
  }
  return bin;
}

function npmInstall(dir, specs, nodeBin) {
  // npm runs under the cell's Node so engine checks and install scripts see the version apps run on.
  const env = { ...process.env, PATH: `${join(nodeBin, '..')}:${process.env.PATH}` };
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, env });
}

function tarballDigest(tarballs) {
  const hash = createHash('sha256');
  for (const t of tarballs) hash.update(readFileSync(t));
  return hash.digest('hex');
}

/**
 * Creates `.tmp/matrix/<cell>/` with the app's package.json, installs (reusing an install of the
 * same tarballs and versions), copies the corpus and the harness shims in. Returns install facts.
 */
export function prepareCell({ cell, tmp, tarballs, corpusDir, shimDir, nodeBin }) {
  const dir = join(tmp, cell.id);
  const stamp = JSON.stringify({
    deps: depsOf(cell),
    pre: cell.preinstall ?? null,
    tar: tarballDigest(tarballs),
  });
  const stampFile = join(dir, '.matrix-stamp');
  let reused = false;
  const started = Date.now();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    reused = true;
  } else {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: `matrix-${cell.id}`, private: true }, null, 2)}\n`,
    );
    if (cell.preinstall) {
      npmInstall(
        dir,
        Object.entries(cell.preinstall).map(([p, v]) => `${p}@${v}`),
        nodeBin,
      );
    }
    npmInstall(dir, [...tarballs, ...Object.entries(depsOf(cell)).map(([p, v]) => `${p}@${v}`)], nodeBin);
    writeFileSync(stampFile, stamp);
  }
  for (const from of [corpusDir, shimDir]) {
    for (const file of readdirSync(from)) {
      if (/\.(mjs|cjs)$/.test(file)) cpSync(join(from, file), join(dir, file));
    }
  }
  // The shims resolve our packages and the frameworks from the app dir, like the app does.
  return { dir, reused, installMs: Date.now() - started };
}

/** Installed version of a package in the cell, `undefined` when absent. */
export function installedVersion(dir, pkg, under = '') {
  const file = join(dir, under, 'node_modules', pkg, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
}

/** `npm ls` problems that concern our packages and their peers ("invalid", "missing", "UNMET"). */
export function npmLsProblems(dir, nodeBin, filter = /@tradingagents|@opentelemetry\/api\b/) {
  const env = { ...process.env, PATH: `${join(nodeBin, '..')}:${process.env.PATH}` };
  let out = '';
  let code = 0;
  try {
    out = run('npm', ['ls', '--all'], { cwd: dir, env });
  } catch (error) {
    out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    code = error.status ?? 1;
  }
  const lines = out.split('\n').filter((l) => /invalid|UNMET|missing:/i.test(l));
  return { code, lines, ours: lines.filter((l) => filter.test(l)) };
}
