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
  failures.push(...ls.lines.map((l) => `npm ls: ${l.trim()}`));
  if (ls.code !== 0) failures.push(`npm ls --all exited ${ls.code}`);
  return { code: ls.code, api: installedVersion(dir, '@opentelemetry/api'), failures };
}
