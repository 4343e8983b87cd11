/**
 * Command lines of the stack's servers, every listener bound to 127.0.0.1. Shared by
 * `pnpm monitoring:up` (detached, fixed ports) and the tests (attached, free ports).
 */
import type { Tool } from './binaries.js';

export interface ServerCommand {
  readonly tool: Tool;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** URL that answers 200 once the server is ready. */
  readonly readyUrl: string;
  /** Base URL people open. */
  readonly url: string;
}

const at = (port: number): string => `127.0.0.1:${port}`;

export function prometheusCommand(options: { config: string; dataDir: string; port: number }): ServerCommand {
  return {
    tool: 'prometheus',
    args: [
      `--config.file=${options.config}`,
      `--storage.tsdb.path=${options.dataDir}`,
      `--web.listen-address=${at(options.port)}`,
      // POST /-/reload applies edited rules and targets without a restart.
      '--web.enable-lifecycle',
      // Keeps the exemplars (trace ids) the app sends in OpenMetrics (storage.exemplars in prometheus.yml).
      '--enable-feature=exemplar-storage',
    ],
    readyUrl: `http://${at(options.port)}/-/ready`,
    url: `http://${at(options.port)}`,
  };
}

export function alertmanagerCommand(options: {
  config: string;
  dataDir: string;
  port: number;
}): ServerCommand {
  return {
    tool: 'alertmanager',
    args: [
      `--config.file=${options.config}`,
      `--storage.path=${options.dataDir}`,
      `--web.listen-address=${at(options.port)}`,
      // No gossip: a single instance, and the cluster listener would bind 0.0.0.0:9094.
      '--cluster.listen-address=',
    ],
    readyUrl: `http://${at(options.port)}/-/ready`,
    url: `http://${at(options.port)}`,
  };
}

export function nodeExporterCommand(options: { port: number }): ServerCommand {
  return {
    tool: 'node_exporter',
    args: [
      `--web.listen-address=${at(options.port)}`,
      // Needs systemd's D-Bus, absent in containers and CI; its failure only adds log noise.
      '--no-collector.systemd',
    ],
    readyUrl: `http://${at(options.port)}/metrics`,
    url: `http://${at(options.port)}`,
  };
}

export function postgresExporterCommand(options: { port: number; dsn: string }): ServerCommand {
  return {
    tool: 'postgres_exporter',
    args: [`--web.listen-address=${at(options.port)}`],
    env: { DATA_SOURCE_NAME: options.dsn },
    readyUrl: `http://${at(options.port)}/metrics`,
    url: `http://${at(options.port)}`,
  };
}

export function blackboxExporterCommand(options: { config: string; port: number }): ServerCommand {
  return {
    tool: 'blackbox_exporter',
    args: [`--config.file=${options.config}`, `--web.listen-address=${at(options.port)}`],
    readyUrl: `http://${at(options.port)}/-/healthy`,
    url: `http://${at(options.port)}`,
  };
}
