/** `pnpm monitoring:rules [--check]`: writes (or checks) rules/alerts.yml and rules/recording.yml. */
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from '../../src/write-generated.js';
import { renderRuleFiles } from './render.js';

process.exitCode = writeOrCheck(
  fileURLToPath(new URL('..', import.meta.url)),
  renderRuleFiles(),
  process.argv,
);
