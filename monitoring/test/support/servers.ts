/**
 * Real servers for integration tests, on free loopback ports with temporary data directories:
 * Prometheus, Alertmanager, node_exporter, postgres_exporter, the blackbox exporter and PostgreSQL. Each start waits until
 * the server answers; each handle stops (and reaps) its process. Missing binaries fail with the
 * Debian package to install.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../packages/testkit/src/net/free-port.js';
import { requireBinary } from '../../stack/binaries.js';
import {
  alertmanagerCommand,
  blackboxExporterCommand,
  nodeExporterCommand,
  postgresExporterCommand,
  prometheusCommand,
  type ServerCommand,
} from '../../stack/commands.js';
import { waitForHttp } from '../../stack/http.js';
import { exec } from './exec.js';

/** A running server process. */
export interface RunningServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The last 64 KiB of its stdout and stderr. */
  logs(): string;
  stop(): Promise<void>;
}

/** A loopback port for a server started later: below the ephemeral range, so no `listen(0)` takes it meanwhile. */
export { freePort };

/** A fresh temporary directory, removed by `cleanup`. */
export function tempDir(prefix: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

const LOG_LIMIT = 64 * 1024;
const live = new Set<ChildProcess>();
// Last resort when a test process dies without its afterAll: no server outlives it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Spawns a child with its output kept (the last 64 KiB) and killed when the test process exits.
 * `env` is added to this process's environment, or replaces it with `replaceEnv`.
 */
export function spawnLogged(
  file: string,
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
  options: { cwd?: string; replaceEnv?: boolean } = {},
) {
  const child = spawn(file, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    env: options.replaceEnv ? { ...env } : { ...process.env, ...env },
  });
  live.add(child);
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
  return { child, exited, logs: () => log };
}

/** Signals `child` and waits for its exit; SIGKILL after 10 s. */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  signal: NodeJS.Signals = 'SIGTERM',
) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Starts `command` and waits until its ready URL answers. */
export async function startServer(
  name: string,
  command: ServerCommand,
  port: number,
): Promise<RunningServer> {
  const { child, exited, logs } = spawnLogged(requireBinary(command.tool), command.args, command.env);
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    await waitForHttp(command.readyUrl, { timeoutMs: 30_000, isAlive: alive });
  } catch (error) {
    await stopChild(child, exited);
    throw new Error(`${name} did not start: ${(error as Error).message}\n${logs()}`);
  }
  return {
    name,
    url: command.url,
    port,
    pid: child.pid ?? -1,
    logs,
    stop: () => stopChild(child, exited),
  };
}

/** Prometheus with `config`, its TSDB in a temporary directory. */
export async function startPrometheus(config: string, port?: number): Promise<RunningServer> {
  const data = tempDir('prometheus-data');
  const actual = port ?? (await freePort());
  const server = await startServer(
    'prometheus',
    prometheusCommand({ config, dataDir: data.path, port: actual }),
    actual,
  );
  return {
    ...server,
    stop: async () => {
      await server.stop();
      data.cleanup();
    },
  };
}

/** Alertmanager with `config` (gossip off), its state in a temporary directory. */
export async function startAlertmanager(config: string, port?: number): Promise<RunningServer> {
  const data = tempDir('alertmanager-data');
  const actual = port ?? (await freePort());
  const server = await startServer(
    'alertmanager',
    alertmanagerCommand({ config, dataDir: data.path, port: actual }),
    actual,
  );
  return {
    ...server,
    stop: async () => {
      await server.stop();
      data.cleanup();
    },
  };
}

export async function startNodeExporter(port?: number): Promise<RunningServer> {
  const actual = port ?? (await freePort());
  return startServer('node_exporter', nodeExporterCommand({ port: actual }), actual);
}

export async function startPostgresExporter(dsn: string, port?: number): Promise<RunningServer> {
  const actual = port ?? (await freePort());
  return startServer('postgres_exporter', postgresExporterCommand({ port: actual, dsn }), actual);
}

/**
 * The blackbox exporter with `config` (monitoring/blackbox/blackbox.yml). `caFile` replaces the
 * system's trusted certificates (Go reads SSL_CERT_FILE), so a test can serve HTTPS with its own.
 */
export async function startBlackboxExporter(
  config: string,
  port?: number,
  caFile?: string,
): Promise<RunningServer> {
  const actual = port ?? (await freePort());
  const command = blackboxExporterCommand({ config, port: actual });
  return startServer(
    'blackbox_exporter',
    caFile === undefined ? command : { ...command, env: { SSL_CERT_FILE: caFile } },
    actual,
  );
}

/** A PostgreSQL server; `dsn` connects as the `postgres` superuser (trust auth on loopback). */
export interface RunningPostgres extends RunningServer {
  readonly dsn: string;
}

/**
 * Initialises and starts PostgreSQL in a temporary directory on 127.0.0.1. PostgreSQL refuses to
 * run as root, so as root it runs as the `postgres` user (created by Debian's package) via runuser.
 */
export async function startPostgres(port?: number): Promise<RunningPostgres> {
  const actual = port ?? (await freePort());
  const dir = tempDir('postgres');
  const asRoot = process.getuid?.() === 0;
  const wrap = async (file: string, args: string[]): Promise<[string, string[]]> => {
    if (!asRoot) return [file, args];
    return ['runuser', ['-u', 'postgres', '--', file, ...args]];
  };
  if (asRoot) {
    const uid = Number((await exec('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
      throw new Error('running as root needs the `postgres` user: apt-get install -y postgresql');
    }
    chownSync(dir.path, uid, gid);
  }
  const data = join(dir.path, 'data');
  const [initFile, initArgs] = await wrap(requireBinary('initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  const init = await exec(initFile, initArgs, { timeoutMs: 60_000 });
  if (init.code !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);

  const [file, args] = await wrap(requireBinary('postgres'), [
    '-D',
    data,
    '-k',
    dir.path,
    '-p',
    String(actual),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const { child, exited, logs } = spawnLogged(file, args);
  const deadline = Date.now() + 30_000;
  const isready = requireBinary('pg_isready');
  for (;;) {
    const ready = await exec(isready, ['-h', '127.0.0.1', '-p', String(actual), '-U', 'postgres']);
    if (ready.code === 0) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child, exited);
      dir.cleanup();
      throw new Error(`PostgreSQL did not start:\n${logs()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    // SIGINT to the postmaster is PostgreSQL's "fast" shutdown; runuser passes it on.
    try {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (Number.isInteger(postmaster) && postmaster > 0) process.kill(postmaster, 'SIGINT');
    } catch {
      // Already gone.
    }
    await stopChild(child, exited, 'SIGINT');
    dir.cleanup();
  };
  return {
    name: 'postgres',
    url: `postgresql://127.0.0.1:${actual}`,
    port: actual,
    pid: child.pid ?? -1,
    dsn: `postgresql://postgres@127.0.0.1:${actual}/postgres?sslmode=disable`,
    logs,
    stop,
  };
}
