// A plain `npm install` of our two tarballs must report no invalid or missing peer: `npm ls --all`
// exits 0 and prints no "invalid" line. Checked alone, and beside the newest @opentelemetry/api
// (an app that already depends on it), which our peer range `>=1.9.0 <2.0.0` admits.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedVersion, npmLsProblems } from './install.mjs';

export const PEER_SETUPS = [
  { id: 'alone', extra: [] },
  { id: 'with-api-latest', extra: ['@opentelemetry/api@latest'] },
];

export function peerCheck({ tmp, tarballs, nodeBin, setup }) {
  const dir = join(tmp, `peers-${setup.id}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "matrix-peers", "private": true }\n');
  const failures = [];
  try {
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...setup.extra],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      },
    );
  } catch (error) {
    const lines = String(error.stderr ?? '')
      .split('\n')
      .filter((l) => /ERESOLVE|peer|Conflicting/.test(l));
    return {
      code: error.status ?? 1,
      api: undefined,
      failures: [`npm install failed: ${lines.slice(0, 6).join(' | ')}`],
    };
  }
  const ls = npmLsProblems(dir, nodeBin, /./);
  // One line per invalid package, naming the dependents whose ranges exclude it (npm repeats
  // each at every place in the tree).
  const invalid = new Map();
  for (const line of ls.lines) {
    const what = /(\S+@\S+) (?:deduped )?invalid: (.*)$/.exec(line);
    if (!what) continue;
    const from = invalid.get(what[1]) ?? new Set();
    for (const m of what[2].matchAll(/"([^"]+)" from node_modules\/(\S+?)(?:,|$)/g)) {
      from.add(`${m[2].replace(/^.*node_modules\//, '')} wants ${m[1]}`);
    }
    invalid.set(what[1], from);
  }
  for (const [pkg, from] of invalid) {
    failures.push(
      `npm ls: ${pkg} invalid for ${from.size} dependents: ${[...from].slice(0, 6).join('; ')}${from.size > 6 ? '; …' : ''}`,
    );
  }
  for (const line of ls.lines.filter((l) => !/invalid/.test(l))) failures.push(`npm ls: ${line.trim()}`);
  if (ls.code !== 0) failures.push(`npm ls --all exited ${ls.code}`);
  return { code: ls.code, api: installedVersion(dir, '@opentelemetry/api'), failures };
}
