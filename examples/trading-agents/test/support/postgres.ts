import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './demo-process.js';

const run = promisify(execFile);

/** Where PostgreSQL's server binaries live: `PG_BIN`, else Debian's layout, else `$PATH`. */
export function findPostgresBin(): string | undefined {
  const candidates = [
    process.env.PG_BIN,
    '/usr/lib/postgresql/17/bin',
    '/usr/lib/postgresql/16/bin',
    '/usr/lib/postgresql/15/bin',
  ];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'pg_ctl'))) return dir;
  return undefined;
}

export interface PostgresServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL server: initdb into a temp dir, pg_ctl start on 127.0.0.1 and a free
 * port, trust auth. As root, it runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
export async function startPostgres(bin: string): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ta-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const pg = async (tool: string, args: string[]) => {
    const command = join(bin, tool);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const port = await freePort();
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  await pg('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
