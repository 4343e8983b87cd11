/**
 * The whole monitoring stack for end-to-end tests: PostgreSQL, postgres_exporter, node_exporter,
 * optionally the blackbox exporter, Alertmanager (posting to a local webhook receiver) and Prometheus, on free loopback ports, with
 * the repository's configuration rendered for loopback and short intervals (1s scrapes and rule
 * evaluations, alerts firing without `for`, notifications sent after 1s).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ProbeTarget, type RenderedStack, renderStack } from '../../stack/render.js';
import { startWebhookReceiver } from './prometheus-api.js';
import {
  freePort,
  type RunningPostgres,
  type RunningServer,
  startAlertmanager,
  startBlackboxExporter,
  startNodeExporter,
  startPostgres,
  startPostgresExporter,
  startPrometheus,
  tempDir,
} from './servers.js';

export interface TestStackOptions {
  /** `host:port` of app instances for the `tradingagents` job. @default none (an empty target list) */
  readonly appTargets?: readonly string[];
  /** Scrape and rule evaluation interval. @default '1s' */
  readonly interval?: string;
  /** Every alert's `for`. @default '0s' */
  readonly alertFor?: string;
  /** Port on 127.0.0.1 of the Langfuse bridge (job `langfuse-exporter`). @default 9465 */
  readonly langfuseExporterPort?: number;
  /**
   * Services for a blackbox exporter to probe; the exporter is started only when given.
   * `{postgres}` in a target is replaced by the test PostgreSQL's host:port.
   * @default no blackbox exporter (the committed probes' files stay empty)
   */
  readonly probes?: readonly ProbeTarget[];
  /** Certificates the blackbox exporter trusts instead of the system's (a test's own CA). */
  readonly probeCaFile?: string;
  /** Extra Prometheus configuration merged into the rendered prometheus.yml (e.g. `remote_write`). */
  readonly prometheusExtra?: Readonly<Record<string, unknown>>;
}

export interface TestStack {
  readonly prometheus: RunningServer;
  readonly alertmanager: RunningServer;
  readonly nodeExporter: RunningServer;
  readonly postgres: RunningPostgres;
  readonly postgresExporter: RunningServer;
  /** Started when `probes` are given. */
  readonly blackboxExporter?: RunningServer;
  readonly webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  readonly rendered: RenderedStack;
  /** Replaces the app targets (file_sd: Prometheus picks the change up without a restart). */
  setAppTargets(targets: readonly string[]): void;
  /** The servers' logs, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dir = tempDir('monitoring-stack');
    stops.push(async () => dir.cleanup());
    const webhook = await startWebhookReceiver();
    stops.push(webhook.stop);
    const postgres = await startPostgres();
    stops.push(postgres.stop);

    const ports = {
      prometheus: await freePort(),
      alertmanager: await freePort(),
      nodeExporter: await freePort(),
      postgresExporter: await freePort(),
      blackboxExporter: await freePort(),
      ...(options.langfuseExporterPort === undefined
        ? {}
        : { langfuseExporter: options.langfuseExporterPort }),
    };
    const interval = options.interval ?? '1s';
    const rendered = renderStack({
      dir: dir.path,
      ports,
      appTargets: options.appTargets ?? [],
      probes: (options.probes ?? []).map((probe) => ({
        ...probe,
        target: probe.target.replace('{postgres}', `127.0.0.1:${postgres.port}`),
      })),
      prometheusExtra: options.prometheusExtra,
      interval,
      alertFor: options.alertFor ?? '0s',
      groupWait: '1s',
      groupInterval: '1s',
      webhookUrl: webhook.url,
      secretsDir: join(dir.path, 'secrets'),
    });

    const alertmanager = await startAlertmanager(rendered.alertmanagerConfig, ports.alertmanager);
    stops.push(alertmanager.stop);
    const nodeExporter = await startNodeExporter(ports.nodeExporter);
    stops.push(nodeExporter.stop);
    const postgresExporter = await startPostgresExporter(postgres.dsn, ports.postgresExporter);
    stops.push(postgresExporter.stop);
    const blackboxExporter =
      options.probes === undefined
        ? undefined
        : await startBlackboxExporter(rendered.blackboxConfig, ports.blackboxExporter, options.probeCaFile);
    // Without probes no exporter runs: leave its scrape job without a target, not down.
    if (blackboxExporter === undefined) {
      writeFileSync(join(dirname(rendered.prometheusConfig), 'sd', 'blackbox-exporter.json'), '[]\n');
    }
    if (blackboxExporter !== undefined) stops.push(blackboxExporter.stop);
    const prometheus = await startPrometheus(rendered.prometheusConfig, ports.prometheus);
    stops.push(prometheus.stop);

    const servers = [prometheus, alertmanager, nodeExporter, postgresExporter, postgres];
    if (blackboxExporter !== undefined) servers.push(blackboxExporter);
    return {
      prometheus,
      alertmanager,
      nodeExporter,
      postgres,
      postgresExporter,
      blackboxExporter,
      webhook,
      rendered,
      setAppTargets: (targets) => {
        // Write, then rename: Prometheus never reads a half-written file.
        const file = join(dirname(rendered.prometheusConfig), 'targets', 'tradingagents.json');
        writeFileSync(`${file}.tmp`, `${JSON.stringify([{ targets }], null, 2)}\n`);
        renameSync(`${file}.tmp`, file);
      },
      logs: () => servers.map((server) => `--- ${server.name}\n${server.logs().slice(-4000)}`).join('\n'),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
