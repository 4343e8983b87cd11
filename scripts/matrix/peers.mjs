// A plain `npm install` of our two tarballs alone must report no invalid or missing peer:
// `npm ls --all` exits 0 and prints no "invalid" line.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmLsProblems } from './install.mjs';

export function peerCheck({ tmp, tarballs, nodeBin }) {
  const dir = join(tmp, 'peers');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "matrix-peers", "private": true }\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ls = npmLsProblems(dir, nodeBin, /./);
  const failures = ls.lines.map((l) => `npm ls: ${l.trim()}`);
  if (ls.code !== 0) failures.push(`npm ls --all exited ${ls.code}`);
  return { code: ls.code, failures };
}
