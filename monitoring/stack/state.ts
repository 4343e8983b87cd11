/** The git-ignored state directory of `pnpm monitoring:up` and the pid files in it. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `.monitoring/` at the repository root, or `MONITORING_STATE_DIR`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MONITORING_STATE_DIR ?? fileURLToPath(new URL('../../.monitoring/', import.meta.url));
}

/** Creates the state directory with a `.gitignore` that ignores everything in it. */
export function ensureStateDir(dir: string): void {
  mkdirSync(join(dir, 'pids'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# State of `pnpm monitoring:up`: never committed.\n*\n');
}

export interface PidRecord {
  readonly name: string;
  readonly pid: number;
  /** The executable, to make sure a recycled pid is not someone else's process. */
  readonly binary: string;
  readonly url: string;
}

export const pidFile = (dir: string, name: string): string => join(dir, 'pids', `${name}.json`);

export function writePid(dir: string, record: PidRecord): void {
  writeFileSync(pidFile(dir, record.name), `${JSON.stringify(record)}\n`);
}

export function readPid(dir: string, name: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(pidFile(dir, name), 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** Whether `record.pid` is alive and still runs `record.binary`. */
export function isRunning(record: PidRecord): boolean {
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8');
    return cmdline.split('\0')[0] === record.binary;
  } catch {
    return false;
  }
}
