/**
 * The kustomize base in deploy/kubernetes/: generated files up to date, every object valid against
 * the upstream schemas (Kubernetes API from `kubernetes-models`, Prometheus Operator CRDs from
 * `@kubernetes-models/prometheus-operator`), the PrometheusRule carrying exactly the rule groups
 * Prometheus loads from monitoring/prometheus/rules/ (and passing promtool), the dashboard
 * ConfigMaps holding the committed dashboard JSON byte for byte, and the ServiceMonitor selecting
 * the Service whose name is the job the rules select on. No cluster and no kustomize binary here:
 * the base only lists resources, which this test resolves itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { KUBERNETES_DIR, renderKubernetesFiles, ruleFileOrder } from '../kubernetes/render.js';
import { staleFiles } from '../src/write-generated.js';
import { requireBinary } from '../stack/binaries.js';
import { exec, output } from './support/exec.js';
import { GRAFANA_DIR, PROMETHEUS_DIR } from './support/paths.js';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** Model class per kind: `new Model(object).validate()` checks it against the upstream schema. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  ConfigMap,
  Service,
  ServiceMonitor,
  PrometheusRule,
};

const kustomization = parse(readFileSync(join(KUBERNETES_DIR, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
};
const objects: { file: string; object: K8sObject }[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8')).map((doc) => ({
    file,
    object: doc.toJS() as K8sObject,
  })),
);
const ofKind = (kind: string) => objects.filter(({ object }) => object.kind === kind).map((o) => o.object);

const scratch = mkdtempSync(join(tmpdir(), 'kubernetes-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('deploy/kubernetes (kustomize base)', () => {
  it('the generated files are up to date (run `pnpm monitoring:kubernetes`)', () => {
    expect(staleFiles(KUBERNETES_DIR, renderKubernetesFiles())).toEqual([]);
  });

  it('every object of every resource is valid against the upstream Kubernetes and CRD schemas', () => {
    expect(objects.map(({ object }) => object.kind).sort()).toEqual([
      ...Array(6).fill('ConfigMap'),
      'PrometheusRule',
      'Service',
      'ServiceMonitor',
    ]);
    const invalid: string[] = [];
    for (const { file, object } of objects) {
      const Model = MODELS[object.kind];
      if (Model === undefined) {
        invalid.push(`${file}: no schema for ${object.kind}`);
        continue;
      }
      try {
        new Model(object as never).validate();
      } catch (error) {
        invalid.push(`${file} ${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('the schema validation rejects what Kubernetes would reject', () => {
    const [monitor] = ofKind('ServiceMonitor');
    expect(() =>
      new ServiceMonitor({
        ...monitor,
        spec: { ...monitor?.spec, endpoints: 'metrics' },
      } as never).validate(),
    ).toThrow();
    expect(() => new ConfigMap({ metadata: { name: 'x' }, data: { a: 1 } } as never).validate()).toThrow();
  });

  it('the PrometheusRule holds exactly the rule groups Prometheus loads, and promtool accepts them', async () => {
    const [rule] = ofKind('PrometheusRule');
    const loaded = ruleFileOrder().flatMap(
      (path) => (parse(readFileSync(join(PROMETHEUS_DIR, path), 'utf8')) as { groups: unknown[] }).groups,
    );
    expect(rule?.spec?.groups).toEqual(loaded);
    const file = join(scratch, 'rules.yml');
    writeFileSync(file, JSON.stringify({ groups: rule?.spec?.groups }));
    const result = await exec(requireBinary('promtool'), ['check', 'rules', file]);
    expect(result.code, output(result)).toBe(0);
    expect(rule?.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', role: 'alert-rules' });
  });

  it('a ConfigMap per dashboard, for the sidecar, with the committed JSON byte for byte', () => {
    const maps = ofKind('ConfigMap');
    const files = maps.flatMap((map) => Object.keys(map.data ?? {}));
    expect(files.sort()).toEqual(
      ['agents', 'application', 'business', 'database', 'services', 'system'].map((d) => `${d}.json`),
    );
    for (const map of maps) {
      expect(map.metadata.labels?.grafana_dashboard, map.metadata.name).toBe('1');
      for (const [file, json] of Object.entries(map.data ?? {})) {
        expect(json === readFileSync(join(GRAFANA_DIR, 'dashboards', file), 'utf8'), file).toBe(true);
      }
      // `kubectl apply` (client side) keeps a copy in an annotation limited to 256 KiB.
      expect(JSON.stringify(map).length, map.metadata.name).toBeLessThan(256 * 1024);
    }
  });

  it('the ServiceMonitor scrapes the Service named after the job the rules and dashboards select', () => {
    const [service] = ofKind('Service');
    const [monitor] = ofKind('ServiceMonitor');
    if (service?.spec === undefined || monitor?.spec === undefined)
      throw new Error('Service or ServiceMonitor missing');
    const selector = (monitor.spec.selector as { matchLabels: Record<string, string> }).matchLabels;
    expect(service.metadata.labels).toMatchObject(selector);
    const ports = service.spec.ports as { name: string; port: number }[];
    for (const endpoint of monitor.spec.endpoints as { port: string }[]) {
      expect(ports.map((p) => p.name)).toContain(endpoint.port);
    }
    // Without spec.jobLabel the operator names the job after the Service.
    expect(monitor.spec.jobLabel).toBeUndefined();
    const alerts = readFileSync(join(PROMETHEUS_DIR, 'rules/alerts.yml'), 'utf8');
    expect(alerts).toContain(`up{job="${service.metadata.name}"}`);
    expect(ports[0]?.port).toBe(9464);
  });

  it('the PodMonitor component replaces Service + ServiceMonitor and keeps the job name', () => {
    const dir = join(KUBERNETES_DIR, 'components/podmonitor');
    const component = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
      kind: string;
      resources: string[];
      patches: { patch: string }[];
    };
    expect(component.kind).toBe('Component');
    const [monitor] = component.resources.flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS() as K8sObject),
    );
    if (monitor?.spec === undefined) throw new Error('no PodMonitor');
    expect(monitor.kind).toBe('PodMonitor');
    new PodMonitor(monitor as never).validate();
    // It deletes exactly the base's Service and ServiceMonitor.
    const deleted = component.patches.map((p) => parse(p.patch) as K8sObject & { $patch: string });
    const base = [...ofKind('Service'), ...ofKind('ServiceMonitor')];
    expect(deleted.map((d) => [d.$patch, d.apiVersion, d.kind, d.metadata.name]).sort()).toEqual(
      base.map((b) => ['delete', b.apiVersion, b.kind, b.metadata.name]).sort(),
    );
    // Same pods, same port, and the job from the pod label whose value is the Service's name.
    const [service] = ofKind('Service');
    const podSelector = service?.spec?.selector as Record<string, string>;
    expect((monitor.spec.selector as { matchLabels: Record<string, string> }).matchLabels).toEqual(
      podSelector,
    );
    expect(podSelector[monitor.spec.jobLabel as string]).toBe(service?.metadata.name);
    expect((monitor.spec.podMetricsEndpoints as { port: string }[]).map((e) => e.port)).toEqual(['metrics']);
  });
});
