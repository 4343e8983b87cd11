/** The dashboards, by the file each is written to under monitoring/grafana/dashboards/. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { agentsDashboard } from './dashboards/agents.js';
import { applicationDashboard } from './dashboards/application.js';
import { businessDashboard } from './dashboards/business.js';
import { databaseDashboard } from './dashboards/database.js';
import { servicesDashboard } from './dashboards/services.js';
import { systemDashboard } from './dashboards/system.js';

export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  'system.json': systemDashboard,
  'application.json': applicationDashboard,
  'agents.json': agentsDashboard,
  'database.json': databaseDashboard,
  'business.json': businessDashboard,
  'services.json': servicesDashboard,
};

/** Every dashboard, built, by file name. */
export function buildDashboards(): Record<string, Dashboard> {
  return Object.fromEntries(Object.entries(DASHBOARDS).map(([file, build]) => [file, build()]));
}

/** The JSON files as committed: two-space indent, trailing newline. */
export function renderDashboardFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(buildDashboards()).map(([file, dashboard]) => [
      `dashboards/${file}`,
      `${JSON.stringify(dashboard, null, 2)}\n`,
    ]),
  );
}
