/**
 * Datasource uids, shared by the provisioning file (monitoring/grafana/provisioning/datasources)
 * and the dashboards. Panels reference Prometheus through the `datasource` template variable so a
 * user can point a dashboard at another Prometheus-compatible backend (Mimir, Thanos, VictoriaMetrics).
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

export const PROMETHEUS_UID = 'prometheus';
export const ALERTMANAGER_UID = 'alertmanager';
export const LANGFUSE_UID = 'langfuse';
/** Grafana plugin id of the JSON API datasource used for Langfuse's public API. */
export const INFINITY_PLUGIN = 'yesoreyeram-infinity-datasource';

/** `${name}`: a reference to a dashboard variable, as Grafana interpolates it. */
export const variableRef = (name: string): string => `\${${name}}`;

/** Every Prometheus panel and variable queries through `${datasource}`. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: variableRef('datasource') };
export const LANGFUSE: DataSourceRef = { type: INFINITY_PLUGIN, uid: LANGFUSE_UID };
