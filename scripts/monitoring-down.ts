/** `pnpm monitoring:down`: stops what `pnpm monitoring:up` started, by the pids it recorded. */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning, pidFile, readPid, stateDir } from '../monitoring/stack/state.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const dir = stateDir();
  let names: string[];
  try {
    names = readdirSync(join(dir, 'pids'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length));
  } catch {
    names = [];
  }
  if (names.length === 0) {
    console.log('Nothing to stop: no pid files in', join(dir, 'pids'));
    return 0;
  }
  let failed = 0;
  for (const name of names) {
    const record = readPid(dir, name);
    if (record === undefined || !isRunning(record)) {
      console.log(`${name}: not running`);
      rmSync(pidFile(dir, name), { force: true });
      continue;
    }
    process.kill(record.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (isRunning(record) && Date.now() < deadline) await sleep(100);
    if (isRunning(record)) {
      process.kill(record.pid, 'SIGKILL');
      await sleep(200);
    }
    if (isRunning(record)) {
      console.error(`${name}: pid ${record.pid} still runs`);
      failed += 1;
      continue;
    }
    rmSync(pidFile(dir, name), { force: true });
    console.log(`${name}: stopped (pid ${record.pid})`);
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
