/** `pnpm monitoring:dashboards [--check]`: writes (or checks) monitoring/grafana/dashboards/*.json. */
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from '../../src/write-generated.js';
import { renderDashboardFiles } from './index.js';

process.exitCode = writeOrCheck(
  fileURLToPath(new URL('..', import.meta.url)),
  renderDashboardFiles(),
  process.argv,
);
