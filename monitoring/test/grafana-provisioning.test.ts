import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ALERTMANAGER_UID,
  INFINITY_PLUGIN,
  LANGFUSE_UID,
  PROMETHEUS_UID,
  variableRef,
} from '../grafana/src/datasources.js';
import { buildDashboards } from '../grafana/src/index.js';
import { GRAFANA_DIR, REPO_ROOT } from './support/paths.js';

const DATASOURCES = readFileSync(join(GRAFANA_DIR, 'provisioning/datasources/datasources.yml'), 'utf8');
const datasources = (
  parse(DATASOURCES) as {
    datasources: {
      uid: string;
      type: string;
      url?: string;
      basicAuthUser?: string;
      secureJsonData?: Record<string, string>;
      jsonData?: Record<string, unknown>;
    }[];
  }
).datasources;
const grafanaEnv = (
  parse(readFileSync(join(REPO_ROOT, 'docker-compose.monitoring.yml'), 'utf8'), { merge: true }) as {
    services: { grafana: { environment: Record<string, string> } };
  }
).services.grafana.environment;

describe('Grafana provisioning', () => {
  it('provisions Prometheus, Alertmanager and Langfuse under the uids the dashboards use', () => {
    expect(datasources.map((d) => [d.uid, d.type])).toEqual([
      [PROMETHEUS_UID, 'prometheus'],
      [ALERTMANAGER_UID, 'alertmanager'],
      [LANGFUSE_UID, INFINITY_PLUGIN],
    ]);
    expect(grafanaEnv.GF_PLUGINS_PREINSTALL_SYNC).toMatch(
      new RegExp(`^${INFINITY_PLUGIN}@\\d+\\.\\d+\\.\\d+$`),
    );
  });

  it('authenticates to Langfuse with keys from the environment, none in the repository', () => {
    const langfuse = datasources.find((d) => d.uid === LANGFUSE_UID);
    expect(langfuse?.basicAuthUser).toBe('$LANGFUSE_PUBLIC_KEY');
    expect(langfuse?.secureJsonData).toEqual({ basicAuthPassword: '$LANGFUSE_SECRET_KEY' });
    expect(langfuse?.jsonData?.url).toBe('$LANGFUSE_BASE_URL');
    for (const variable of DATASOURCES.match(/\$\w+/g) ?? []) {
      expect(grafanaEnv[variable.slice(1)], `${variable} is passed to Grafana`).toBeDefined();
    }
  });

  it("links an exemplar's trace_id to the trace in the configured Langfuse project", () => {
    const prometheus = datasources.find((d) => d.uid === PROMETHEUS_UID);
    expect(prometheus?.jsonData?.exemplarTraceIdDestinations).toEqual([
      {
        name: 'trace_id',
        // `$$` is Grafana's escape of a literal `$`: `${__value.raw}` is filled with the trace id on click.
        url: '$LANGFUSE_BASE_URL/project/$LANGFUSE_PROJECT_ID/traces/$${__value.raw}',
        urlDisplayLabel: 'Open the trace in Langfuse',
      },
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Docker Compose's own ${VAR:-default}
    expect(grafanaEnv.LANGFUSE_PROJECT_ID).toBe('${LANGFUSE_PROJECT_ID:-}');
  });

  it('dashboards query provisioned datasources only', () => {
    const uids = new Set([variableRef('datasource'), ...datasources.map((d) => d.uid)]);
    for (const [file, dashboard] of Object.entries(buildDashboards())) {
      const used = [...JSON.stringify(dashboard).matchAll(/"uid":"([^"]+)"/g)].map((m) => m[1] as string);
      const datasourceUids = used.filter((uid) => !uid.startsWith('tradingagents'));
      expect(
        datasourceUids.filter((uid) => !uids.has(uid)),
        file,
      ).toEqual([]);
      const variable = dashboard.templating?.list?.find((v) => v.name === 'datasource');
      expect(variable?.current?.value, file).toBe(PROMETHEUS_UID);
    }
  });
});
