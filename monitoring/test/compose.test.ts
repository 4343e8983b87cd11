import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireBinary, type Tool } from '../stack/binaries.js';
import { prometheusCommand } from '../stack/commands.js';
import { exec } from './support/exec.js';
import { REPO_ROOT } from './support/paths.js';

interface Service {
  image: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  extra_hosts?: string[];
  healthcheck?: { test: string[] };
  profiles?: string[];
  working_dir?: string;
}

const FILE = 'docker-compose.monitoring.yml';
const compose = parse(readFileSync(join(REPO_ROOT, FILE), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

/** Bind mounts `./host:/container[:mode]` of a service, as [host path, container path]. */
function bindMounts(service: Service): [string, string][] {
  return (service.volumes ?? [])
    .filter((volume) => volume.startsWith('./'))
    .map((volume) => {
      const [host, container] = volume.split(':') as [string, string];
      return [join(REPO_ROOT, host), container];
    });
}

/** The host file behind a container path, through the service's bind mounts. */
function hostPath(service: Service, containerPath: string): string | undefined {
  for (const [host, container] of bindMounts(service)) {
    if (containerPath === container) return host;
    if (containerPath.startsWith(`${container}/`))
      return join(host, containerPath.slice(container.length + 1));
  }
  return undefined;
}

describe(FILE, () => {
  it('defines the eight services with healthchecks', () => {
    expect(Object.keys(services).sort()).toEqual([
      'alertmanager',
      'blackbox-exporter',
      'cadvisor',
      'grafana',
      'langfuse-exporter',
      'node-exporter',
      'postgres-exporter',
      'prometheus',
    ]);
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test[0], name).toBe('CMD');
    }
  });

  it('pins every image to a version, never latest', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
  });

  it('pins Prometheus, Alertmanager and the exporters to the versions the tests run', async () => {
    const images: [string, Tool][] = [
      ['prometheus', 'prometheus'],
      ['alertmanager', 'alertmanager'],
      ['node-exporter', 'node_exporter'],
      ['postgres-exporter', 'postgres_exporter'],
      ['blackbox-exporter', 'blackbox_exporter'],
    ];
    for (const [service, tool] of images) {
      const result = await exec(requireBinary(tool), ['--version']);
      const version = /version (\d+\.\d+\.\d+)/.exec(`${result.stdout}${result.stderr}`)?.[1];
      expect(services[service]?.image.endsWith(`:v${version}`), `${service}: ${version}`).toBe(true);
    }
  });

  it('mounts only files that exist, and the config files the commands name are among them', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [host] of bindMounts(service)) expect(existsSync(host), `${name}: ${host}`).toBe(true);
      for (const flag of service.command ?? []) {
        const match = /^--config\.file=(.+)$/.exec(flag);
        if (match === null) continue;
        const path = hostPath(service, match[1] as string);
        expect(path !== undefined && existsSync(path), `${name}: ${flag}`).toBe(true);
      }
    }
    const grafana = services.grafana as Service;
    for (const path of [
      '/etc/grafana/provisioning/datasources/datasources.yml',
      '/etc/grafana/provisioning/dashboards/dashboards.yml',
      '/etc/grafana/dashboards/tradingagents/application.json',
      grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '',
    ]) {
      const host = hostPath(grafana, path);
      expect(host !== undefined && existsSync(host), path).toBe(true);
    }
    const provider = readFileSync(
      join(REPO_ROOT, 'monitoring/grafana/provisioning/dashboards/dashboards.yml'),
      'utf8',
    );
    const dashboardsPath = /path: (\S+)/.exec(provider)?.[1] ?? '';
    expect(hostPath(grafana, dashboardsPath)).toBe(join(REPO_ROOT, 'monitoring/grafana/dashboards'));
  });

  it('runs the blackbox exporter with the committed modules, where the probe files point', () => {
    const blackbox = services['blackbox-exporter'] as Service;
    const flag = blackbox.command?.find((arg) => arg.startsWith('--config.file=')) ?? '';
    expect(hostPath(blackbox, flag.slice('--config.file='.length))).toBe(
      join(REPO_ROOT, 'monitoring/blackbox/blackbox.yml'),
    );
    const probesDir = join(REPO_ROOT, 'monitoring/prometheus/probes');
    for (const file of ['app', 'grafana', 'langfuse', 'llm', 'postgres']) {
      const groups = JSON.parse(readFileSync(join(probesDir, `${file}.json`), 'utf8')) as {
        targets: string[];
      }[];
      expect(
        groups.flatMap((g) => g.targets),
        file,
      ).toEqual(['blackbox-exporter:9115']);
    }
    const sd = (name: string) =>
      readFileSync(join(REPO_ROOT, `monitoring/prometheus/sd/${name}.json`), 'utf8');
    expect(sd('blackbox-exporter')).toContain('blackbox-exporter:9115');
    expect(sd('cadvisor')).toContain('cadvisor:8080');
  });

  it('runs the built Langfuse bridge on the pinned Node, opt-in, where Prometheus scrapes it', () => {
    const bridge = services['langfuse-exporter'] as Service;
    expect(bridge.profiles).toEqual(['langfuse']);
    expect(bridge.image).toBe(`node:${process.versions.node}`);
    const cli = join(hostPath(bridge, bridge.working_dir ?? '') ?? '', bridge.command?.[1] ?? '');
    expect(cli).toBe(join(REPO_ROOT, 'packages/langfuse-exporter/dist/cli.js'));
    expect(bridge.environment?.LANGFUSE_EXPORTER_HOST).toBe('0.0.0.0');
    expect(bridge.environment?.LANGFUSE_SECRET_KEY).toMatch(/^\$\{LANGFUSE_SECRET_KEY:-\}$/);
    const target = readFileSync(join(REPO_ROOT, 'monitoring/prometheus/sd/langfuse-exporter.json'), 'utf8');
    expect(target).toContain(`langfuse-exporter:${bridge.environment?.LANGFUSE_EXPORTER_PORT}`);
  });

  it('takes secrets from the environment: no default Grafana password, the exporter DSN required', () => {
    const grafana = services.grafana?.environment ?? {};
    expect(grafana.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GF_SECURITY_ADMIN_PASSWORD:\?.+\}$/);
    expect(grafana.LANGFUSE_SECRET_KEY).toMatch(/^\$\{LANGFUSE_SECRET_KEY:-\}$/);
    expect(services['postgres-exporter']?.environment?.DATA_SOURCE_NAME).toMatch(
      /^\$\{POSTGRES_EXPORTER_DSN:\?/,
    );
    expect(readFileSync(join(REPO_ROOT, FILE), 'utf8')).not.toMatch(/admin\/admin|PASSWORD[=:]\s*admin\b/i);
  });

  it('serves Grafana on 3001, publishes on loopback only, and reaches the host app', () => {
    expect(services.grafana?.ports).toEqual(['127.0.0.1:3001:3000']);
    for (const service of Object.values(services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
    expect(services.prometheus?.extra_hosts).toEqual(['host.docker.internal:host-gateway']);
    const appTargets = readFileSync(
      join(REPO_ROOT, 'monitoring/prometheus/targets/tradingagents.json'),
      'utf8',
    );
    expect(appTargets).toContain('host.docker.internal:9464');
  });

  it('runs Prometheus with exemplar storage, in Docker Compose and on loopback alike', () => {
    expect(services.prometheus?.command).toContain('--enable-feature=exemplar-storage');
    expect(prometheusCommand({ config: 'p.yml', dataDir: 'd', port: 9090 }).args).toContain(
      '--enable-feature=exemplar-storage',
    );
    const config = parse(readFileSync(join(REPO_ROOT, 'monitoring/prometheus/prometheus.yml'), 'utf8')) as {
      storage?: { exemplars?: { max_exemplars?: number } };
    };
    expect(config.storage?.exemplars?.max_exemplars).toBeGreaterThan(0);
  });
});
