/**
 * VictoriaMetrics (single node, Debian's `victoria-metrics`) on loopback as a remote_write backend,
 * the VictoriaMetrics `remote_write` block shipped (commented) in prometheus.yml, and a comparison
 * of the series an instant query returns from two Prometheus-compatible query APIs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requireBinary } from '../../stack/binaries.js';
import { waitForHttp } from '../../stack/http.js';
import { PROMETHEUS_DIR } from './paths.js';
import type { Sample } from './prometheus-api.js';
import { freePort, type RunningServer, spawnLogged, stopChild, tempDir } from './servers.js';

/** VictoriaMetrics with its data in a temporary directory; its Prometheus API is under `url`. */
export async function startVictoriaMetrics(): Promise<RunningServer> {
  const port = await freePort();
  const data = tempDir('victoria-metrics');
  const { child, exited, logs } = spawnLogged(requireBinary('victoria_metrics'), [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${data.path}`,
    '-retentionPeriod=1d',
    // Instant queries see samples at once (default: only those older than 30 s), uncached.
    '-search.latencyOffset=0s',
    '-search.disableCache',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child, exited);
    data.cleanup();
  };
  try {
    await waitForHttp(`${url}/health`, {
      timeoutMs: 30_000,
      isAlive: () => child.exitCode === null && child.signalCode === null,
    });
  } catch (error) {
    await stop();
    throw new Error(`victoria-metrics did not start: ${(error as Error).message}\n${logs()}`);
  }
  return { name: 'victoria-metrics', url, port, pid: child.pid ?? -1, logs, stop };
}

/**
 * The VictoriaMetrics entry of the commented `remote_write:` block at the end of the committed
 * prometheus.yml, parsed as a user who uncomments it gets it (anchors resolved).
 */
export function shippedVictoriaMetricsRemoteWrite(): Record<string, unknown> {
  const text = readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8');
  const lines = text.split('\n');
  const start = lines.indexOf('# remote_write:');
  if (start < 0) throw new Error('prometheus.yml has no commented `remote_write:` block');
  const block = lines
    .slice(start)
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^# ?/, ''))
    .join('\n');
  const entries = (parse(block) as { remote_write: Record<string, unknown>[] }).remote_write;
  const entry = entries.find((e) => String(e.url).includes(':8428/'));
  if (entry === undefined) throw new Error('no VictoriaMetrics entry in the remote_write block');
  return entry;
}

/**
 * A series' identity for comparison: its labels without `__name__` (which PromQL engines drop at
 * different functions) and without the external labels remote_write adds.
 */
export function seriesKey(sample: Sample, externalLabels: readonly string[]): string {
  const labels = Object.entries(sample.metric)
    .filter(([name]) => name !== '__name__' && !externalLabels.includes(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(labels);
}
