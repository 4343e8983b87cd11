/** Absolute paths of the monitoring tree, independent of the working directory. */
import { fileURLToPath } from 'node:url';

const at = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export const REPO_ROOT = at('../../../');
export const MONITORING_DIR = at('../../');
export const PROMETHEUS_DIR = at('../../prometheus/');
export const ALERTMANAGER_DIR = at('../../alertmanager/');
export const GRAFANA_DIR = at('../../grafana/');
