/**
 * Renders the loopback variant of the monitoring stack's configuration into a state directory:
 * prometheus.yml copied unchanged (unless a test overrides its intervals), the rule files, and
 * file_sd target and probe files pointing at 127.0.0.1; alertmanager.yml with secrets read from the state
 * directory and the Slack/email receivers left out while their secret file is missing.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { renderAlertRules } from '../prometheus/src/render.js';

/** The committed configuration, in the repository. */
export const PROMETHEUS_SOURCE_DIR = fileURLToPath(new URL('../prometheus/', import.meta.url));
export const ALERTMANAGER_SOURCE_DIR = fileURLToPath(new URL('../alertmanager/', import.meta.url));
/** The blackbox exporter's modules, used as committed in both modes. */
export const BLACKBOX_CONFIG = fileURLToPath(new URL('../blackbox/blackbox.yml', import.meta.url));

/** Ports on 127.0.0.1 of each component. */
export interface StackPorts {
  readonly prometheus: number;
  readonly alertmanager: number;
  readonly nodeExporter: number;
  readonly postgresExporter: number;
  /**
   * The Langfuse bridge (`@tradingagents/langfuse-exporter`), scraped as job `langfuse-exporter`.
   * Not started by the stack: it needs Langfuse keys; run its CLI or `startLangfuseExporter()`.
   * @default 9465
   */
  readonly langfuseExporter?: number;
  /** The blackbox exporter (job `blackbox-exporter`, and the probes of job `blackbox`). @default 9115 */
  readonly blackboxExporter?: number;
}

/** One service probed by the blackbox exporter (a file under prometheus/probes/). */
export interface ProbeTarget {
  /** The `service` label, e.g. `grafana`. */
  readonly service: string;
  /** A module of monitoring/blackbox/blackbox.yml: `http_2xx`, `http_reachable`, `tcp_connect`. */
  readonly module: string;
  /** URL (HTTP modules) or host:port (TCP) to probe. */
  readonly target: string;
}

/** Defaults of `pnpm monitoring:up`: each component's usual port. */
export const DEFAULT_PORTS: Required<StackPorts> = {
  prometheus: 9090,
  alertmanager: 9093,
  nodeExporter: 9100,
  postgresExporter: 9187,
  langfuseExporter: 9465,
  blackboxExporter: 9115,
};

/**
 * Probe files of the committed configuration that the loopback stack leaves out: Grafana is not
 * part of it (Docker Compose only).
 */
const DOCKER_ONLY_PROBES = new Set(['grafana.json']);

export interface RenderStackOptions {
  /** State directory to write into (created). */
  readonly dir: string;
  readonly ports: StackPorts;
  /**
   * `host:port` of the app instances to scrape.
   * @default the committed targets/*.json with host.docker.internal replaced by 127.0.0.1
   */
  readonly appTargets?: readonly string[];
  /**
   * Services for the blackbox exporter to probe.
   * @default the committed probes/*.json on 127.0.0.1, Grafana's left out
   */
  readonly probes?: readonly ProbeTarget[];
  /**
   * Top-level keys merged into prometheus.yml, e.g. a `remote_write` list (tests; the committed
   * file documents remote_write in comments).
   */
  readonly prometheusExtra?: Readonly<Record<string, unknown>>;
  /** Overrides the global scrape and evaluation interval (tests use `1s`). */
  readonly interval?: string;
  /** Overrides every alert's `for` (tests use `0s`). */
  readonly alertFor?: string;
  /**
   * Where every receiver's webhook posts.
   * @default the committed URL with host.docker.internal replaced by 127.0.0.1
   */
  readonly webhookUrl?: string;
  /** Overrides Alertmanager's route group_wait / group_interval (tests use `1s`). */
  readonly groupWait?: string;
  readonly groupInterval?: string;
  /**
   * Directory holding `slack_api_url` and `smtp_password`.
   * @default `<dir>/secrets`
   */
  readonly secretsDir?: string;
}

export interface RenderedStack {
  readonly prometheusConfig: string;
  readonly alertmanagerConfig: string;
  /** The blackbox exporter's configuration (the committed file). */
  readonly blackboxConfig: string;
  readonly secretsDir: string;
  /** Receivers' integrations left out because their secret file is missing. */
  readonly disabledIntegrations: readonly string[];
}

const LOOPBACK = '127.0.0.1';
const toLoopback = (text: string): string => text.replaceAll('host.docker.internal', LOOPBACK);
const targetFile = (targets: readonly string[]): string => `${JSON.stringify([{ targets }], null, 2)}\n`;
/** A probe file: the exporter is the scrape target, the probed endpoint a URL parameter. */
const probeFile = (exporter: string, probe: ProbeTarget): string =>
  `${JSON.stringify(
    [
      {
        targets: [exporter],
        labels: { service: probe.service, __param_module: probe.module, __param_target: probe.target },
      },
    ],
    null,
    2,
  )}\n`;

interface ProbeFileGroup {
  labels: { service: string; __param_module: string; __param_target: string };
}

/** The committed probes for the loopback stack: probed endpoints on 127.0.0.1. */
function committedProbes(): { file: string; probe: ProbeTarget }[] {
  return readdirSync(join(PROMETHEUS_SOURCE_DIR, 'probes'))
    .filter((file) => file.endsWith('.json') && !DOCKER_ONLY_PROBES.has(file))
    .flatMap((file) =>
      (JSON.parse(readFileSync(join(PROMETHEUS_SOURCE_DIR, 'probes', file), 'utf8')) as ProbeFileGroup[]).map(
        ({ labels }) => ({
          file,
          probe: {
            service: labels.service,
            module: labels.__param_module,
            target: toLoopback(labels.__param_target),
          },
        }),
      ),
    );
}

function renderPrometheus(options: RenderStackOptions): string {
  const dir = join(options.dir, 'prometheus');
  for (const sub of ['rules', 'sd', 'targets', 'probes']) mkdirSync(join(dir, sub), { recursive: true });

  let config = readFileSync(join(PROMETHEUS_SOURCE_DIR, 'prometheus.yml'), 'utf8');
  if (options.interval !== undefined || options.prometheusExtra !== undefined) {
    const parsed = parse(config) as { global: Record<string, string> };
    if (options.interval !== undefined) {
      parsed.global.scrape_interval = options.interval;
      parsed.global.evaluation_interval = options.interval;
    }
    config = stringify({ ...parsed, ...options.prometheusExtra });
  }
  writeFileSync(join(dir, 'prometheus.yml'), config);

  for (const file of readdirSync(join(PROMETHEUS_SOURCE_DIR, 'rules'))) {
    copyFileSync(join(PROMETHEUS_SOURCE_DIR, 'rules', file), join(dir, 'rules', file));
  }
  if (options.alertFor !== undefined) {
    writeFileSync(join(dir, 'rules', 'alerts.yml'), renderAlertRules({ forDuration: options.alertFor }));
  }

  const { ports } = options;
  const blackboxPort = ports.blackboxExporter ?? DEFAULT_PORTS.blackboxExporter;
  const sd: Record<string, number> = {
    prometheus: ports.prometheus,
    alertmanager: ports.alertmanager,
    node: ports.nodeExporter,
    postgres: ports.postgresExporter,
    'langfuse-exporter': ports.langfuseExporter ?? DEFAULT_PORTS.langfuseExporter,
    'blackbox-exporter': blackboxPort,
  };
  for (const [name, port] of Object.entries(sd)) {
    writeFileSync(join(dir, 'sd', `${name}.json`), targetFile([`${LOOPBACK}:${port}`]));
  }
  // No containers on loopback: the cadvisor job has no target.
  writeFileSync(join(dir, 'sd', 'cadvisor.json'), '[]\n');

  const exporter = `${LOOPBACK}:${blackboxPort}`;
  const probes =
    options.probes?.map((probe) => ({ file: `${probe.service}.json`, probe })) ?? committedProbes();
  for (const { file, probe } of probes) writeFileSync(join(dir, 'probes', file), probeFile(exporter, probe));

  if (options.appTargets !== undefined) {
    writeFileSync(join(dir, 'targets', 'tradingagents.json'), targetFile(options.appTargets));
  } else {
    for (const file of readdirSync(join(PROMETHEUS_SOURCE_DIR, 'targets'))) {
      if (!file.endsWith('.json')) continue;
      const text = readFileSync(join(PROMETHEUS_SOURCE_DIR, 'targets', file), 'utf8');
      writeFileSync(join(dir, 'targets', file), toLoopback(text));
    }
  }
  return join(dir, 'prometheus.yml');
}

interface AlertmanagerConfig {
  global: Record<string, unknown>;
  templates: string[];
  route: Record<string, unknown>;
  receivers: Record<string, unknown>[];
}

function renderAlertmanager(
  options: RenderStackOptions,
  secretsDir: string,
): { path: string; disabled: string[] } {
  const dir = join(options.dir, 'alertmanager');
  mkdirSync(dir, { recursive: true });
  const config = parse(
    readFileSync(join(ALERTMANAGER_SOURCE_DIR, 'alertmanager.yml'), 'utf8'),
  ) as AlertmanagerConfig;

  // Secrets: the committed paths are the container's; read them from the state directory.
  const disabled: string[] = [];
  const secrets: [key: string, integration: string, file: string][] = [
    ['slack_api_url_file', 'slack_configs', 'slack_api_url'],
    ['smtp_auth_password_file', 'email_configs', 'smtp_password'],
  ];
  for (const [key, integration, file] of secrets) {
    const path = join(secretsDir, file);
    if (existsSync(path)) {
      config.global[key] = path;
    } else {
      delete config.global[key];
      for (const receiver of config.receivers) {
        if (receiver[integration] !== undefined) disabled.push(`${receiver.name}/${integration}`);
        delete receiver[integration];
      }
    }
  }
  config.templates = config.templates.map((template) => join(ALERTMANAGER_SOURCE_DIR, template));
  for (const receiver of config.receivers) {
    const hooks = (receiver.webhook_configs ?? []) as { url: string }[];
    receiver.webhook_configs = hooks.map((hook) => ({
      ...hook,
      url: options.webhookUrl ?? toLoopback(hook.url),
    }));
  }
  if (options.groupWait !== undefined) config.route.group_wait = options.groupWait;
  if (options.groupInterval !== undefined) config.route.group_interval = options.groupInterval;

  const path = join(dir, 'alertmanager.yml');
  writeFileSync(path, stringify(config, { aliasDuplicateObjects: false }));
  return { path, disabled };
}

/** Writes the loopback configuration of the whole stack under `options.dir`. */
export function renderStack(options: RenderStackOptions): RenderedStack {
  mkdirSync(options.dir, { recursive: true });
  const secretsDir = options.secretsDir ?? join(options.dir, 'secrets');
  mkdirSync(secretsDir, { recursive: true });
  chmodSync(secretsDir, 0o700);
  const prometheusConfig = renderPrometheus(options);
  const alertmanager = renderAlertmanager(options, secretsDir);
  return {
    prometheusConfig,
    alertmanagerConfig: alertmanager.path,
    blackboxConfig: BLACKBOX_CONFIG,
    secretsDir,
    disabledIntegrations: alertmanager.disabled,
  };
}
