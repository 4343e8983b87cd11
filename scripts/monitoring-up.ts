/**
 * `pnpm monitoring:up`: runs Prometheus, Alertmanager, node_exporter, postgres_exporter and the
 * blackbox exporter from Debian's packages on 127.0.0.1 with the repository's configuration (its
 * loopback variant is rendered into .monitoring/), detached, with pid files. `pnpm monitoring:down` stops them.
 *
 * Environment:
 *   POSTGRES_EXPORTER_DSN (or DATA_SOURCE_NAME)  the PostgreSQL to watch
 *     default postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable
 *   MONITORING_PROMETHEUS_PORT, MONITORING_ALERTMANAGER_PORT, MONITORING_NODE_EXPORTER_PORT,
 *   MONITORING_POSTGRES_EXPORTER_PORT, MONITORING_BLACKBOX_EXPORTER_PORT   default 9090, 9093, 9100,
 *   9187, 9115
 *   MONITORING_LANGFUSE_EXPORTER_PORT   where Prometheus scrapes the Langfuse bridge (not started
 *     here: it needs Langfuse keys; run `tradingagents-langfuse-exporter`), default 9465
 *   MONITORING_APP_TARGETS  comma-separated host:port of app instances
 *     default monitoring/prometheus/targets/*.json with host.docker.internal -> 127.0.0.1
 *   MONITORING_STATE_DIR    default .monitoring/ at the repository root
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debianPackageOf, findBinary, MissingBinaryError, type Tool } from '../monitoring/stack/binaries.js';
import {
  alertmanagerCommand,
  blackboxExporterCommand,
  nodeExporterCommand,
  postgresExporterCommand,
  prometheusCommand,
  type ServerCommand,
} from '../monitoring/stack/commands.js';
import { waitForHttp } from '../monitoring/stack/http.js';
import { BLACKBOX_CONFIG, DEFAULT_PORTS, renderStack, type StackPorts } from '../monitoring/stack/render.js';
import {
  ensureStateDir,
  isRunning,
  type PidRecord,
  readPid,
  stateDir,
  writePid,
} from '../monitoring/stack/state.js';

const DEFAULT_DSN = 'postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65_535)
    throw new Error(`${name}=${raw} is not a port`);
  return value;
}

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts `command` detached, its output in logs/<name>.log, and records its pid. */
function launch(dir: string, name: string, binary: string, command: ServerCommand): PidRecord {
  const log = openSync(join(dir, 'logs', `${name}.log`), 'a');
  const child = spawn(binary, command.args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...command.env },
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${binary}`);
  child.unref();
  const record: PidRecord = { name, pid: child.pid, binary, url: command.url };
  writePid(dir, record);
  return record;
}

async function main(): Promise<number> {
  const dir = stateDir();
  const ports: StackPorts = {
    prometheus: port('MONITORING_PROMETHEUS_PORT', DEFAULT_PORTS.prometheus),
    alertmanager: port('MONITORING_ALERTMANAGER_PORT', DEFAULT_PORTS.alertmanager),
    nodeExporter: port('MONITORING_NODE_EXPORTER_PORT', DEFAULT_PORTS.nodeExporter),
    postgresExporter: port('MONITORING_POSTGRES_EXPORTER_PORT', DEFAULT_PORTS.postgresExporter),
    langfuseExporter: port('MONITORING_LANGFUSE_EXPORTER_PORT', DEFAULT_PORTS.langfuseExporter),
    blackboxExporter: port('MONITORING_BLACKBOX_EXPORTER_PORT', DEFAULT_PORTS.blackboxExporter),
  };
  const dsn = process.env.POSTGRES_EXPORTER_DSN ?? process.env.DATA_SOURCE_NAME;
  const appTargets = process.env.MONITORING_APP_TARGETS?.split(',')
    .map((target) => target.trim())
    .filter(Boolean);

  const commands: Readonly<Record<string, ServerCommand>> = {
    prometheus: prometheusCommand({
      config: join(dir, 'prometheus', 'prometheus.yml'),
      dataDir: join(dir, 'data', 'prometheus'),
      port: ports.prometheus,
    }),
    alertmanager: alertmanagerCommand({
      config: join(dir, 'alertmanager', 'alertmanager.yml'),
      dataDir: join(dir, 'data', 'alertmanager'),
      port: ports.alertmanager,
    }),
    'node-exporter': nodeExporterCommand({ port: ports.nodeExporter }),
    'postgres-exporter': postgresExporterCommand({ port: ports.postgresExporter, dsn: dsn ?? DEFAULT_DSN }),
    'blackbox-exporter': blackboxExporterCommand({
      config: BLACKBOX_CONFIG,
      port: ports.blackboxExporter ?? DEFAULT_PORTS.blackboxExporter,
    }),
  };

  const tools = [...new Set(Object.values(commands).map((command) => command.tool))];
  const missing = tools.filter((tool: Tool) => findBinary(tool) === undefined);
  if (missing.length > 0) {
    for (const tool of missing) console.error(new MissingBinaryError(tool, debianPackageOf(tool)).message);
    const packages = [...new Set(missing.map(debianPackageOf))].join(' ');
    console.error(`\nmonitoring:up needs: apt-get update && apt-get install -y ${packages}`);
    return 1;
  }

  ensureStateDir(dir);
  const rendered = renderStack({ dir, ports, ...(appTargets === undefined ? {} : { appTargets }) });
  if (dsn === undefined) console.warn(`POSTGRES_EXPORTER_DSN is not set: watching ${DEFAULT_DSN}`);
  for (const integration of rendered.disabledIntegrations) {
    console.warn(`alertmanager: ${integration} left out, no secret file for it in ${rendered.secretsDir}`);
  }

  const started: PidRecord[] = [];
  for (const [name, command] of Object.entries(commands)) {
    const running = readPid(dir, name);
    if (running !== undefined && isRunning(running)) {
      console.log(`${name} already runs (pid ${running.pid})`);
      continue;
    }
    const binary = findBinary(command.tool) as string;
    const record = launch(dir, name, binary, command);
    started.push(record);
    try {
      await waitForHttp(command.readyUrl, { timeoutMs: 30_000, isAlive: () => isRunning(record) });
    } catch (error) {
      console.error(`${name} did not become ready: ${(error as Error).message}`);
      console.error(tail(join(dir, 'logs', `${name}.log`)));
      console.error('\nStopping what was started; see the logs in', join(dir, 'logs'));
      for (const other of started) if (isRunning(other)) process.kill(other.pid, 'SIGTERM');
      return 1;
    }
  }

  console.log('\nMonitoring stack on loopback:');
  console.log(`  Prometheus         ${commands.prometheus?.url}  (targets: /targets, alerts: /alerts)`);
  console.log(`  Alertmanager       ${commands.alertmanager?.url}`);
  console.log(`  node_exporter      ${commands['node-exporter']?.url}/metrics`);
  console.log(`  postgres_exporter  ${commands['postgres-exporter']?.url}/metrics`);
  console.log(
    `  blackbox_exporter  ${commands['blackbox-exporter']?.url}  (probes: prometheus/probes/*.json)`,
  );
  console.log(`State, logs and pid files in ${dir}; stop with: pnpm monitoring:down`);
  console.log('Grafana is not part of the loopback stack: use docker-compose.monitoring.yml for it.');
  return 0;
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
