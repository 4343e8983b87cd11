/**
 * Renders the exporter's config table (option | flag | env var | default | what it does) into its
 * README, between `<!-- config:start -->` and `<!-- config:end -->`. Run `pnpm render-docs` after
 * changing src/options-table.ts; a test fails while the README is out of date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { optionTableMarkdown, replaceMarkedBlock } from '@tradingagents/telemetry/config';
import { EXPORTER_OPTIONS } from '../src/options-table.js';

export const EXPORTER_README = fileURLToPath(new URL('../README.md', import.meta.url));

/** The README's text with the config table replaced; throws when the markers are missing. */
export function withExporterConfigTable(text: string): string {
  return replaceMarkedBlock(text, 'config', optionTableMarkdown(EXPORTER_OPTIONS, true));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(EXPORTER_README, withExporterConfigTable(readFileSync(EXPORTER_README, 'utf8')));
  execFileSync('biome', ['format', '--write', EXPORTER_README], { stdio: 'inherit' });
}
