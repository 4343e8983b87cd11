/**
 * Renders the metric catalogue as a Markdown table into the READMEs, between
 * `<!-- catalogue:start -->` and `<!-- catalogue:end -->`, and the config table into this package's
 * README between `<!-- config:start -->` and `<!-- config:end -->`. Run `pnpm render-docs` after
 * changing src/catalogue.ts or src/config/table.ts; a test fails while the READMEs are out of date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { METRIC_CATALOGUE } from '../src/catalogue.js';
import { TELEMETRY_OPTIONS } from '../src/config/table.js';
import { optionTableMarkdown, replaceMarkedBlock } from '../src/config-table/markdown.js';

export const CATALOGUE_READMES = [
  fileURLToPath(new URL('../README.md', import.meta.url)),
  fileURLToPath(new URL('../../../README.md', import.meta.url)),
];

export function renderCatalogueTable(): string {
  const rows = METRIC_CATALOGUE.map((def) => {
    const labels = def.labels.length ? def.labels.map((l) => `\`${l}\``).join(', ') : '—';
    const buckets = def.buckets ? def.buckets.join(', ') : '';
    const bounded = def.bounded
      ? ` Bounded: ${Object.keys(def.bounded)
          .map((l) => `\`${l}\``)
          .join(', ')}.`
      : '';
    const semconv = def.semconv ? ` Measures the GenAI semconv \`${def.semconv}\` under our name.` : '';
    return `| \`${def.prometheusName}\` | ${def.prometheusType} | ${def.unit} | ${labels} | ${def.description}${bounded}${semconv}${buckets ? ` Buckets: ${buckets}.` : ''} |`;
  });
  return ['| Prometheus name | type | unit | labels | description |', '|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

/** The file's text with the catalogue block replaced; throws when the markers are missing. */
export function withCatalogue(text: string): string {
  return replaceMarkedBlock(text, 'catalogue', renderCatalogueTable());
}

/** This package's README, which carries the config table. */
export const CONFIG_README = CATALOGUE_READMES[0] as string;

/** The README's text with the config table replaced; throws when the markers are missing. */
export function withConfigTable(text: string): string {
  return replaceMarkedBlock(text, 'config', optionTableMarkdown(TELEMETRY_OPTIONS));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of CATALOGUE_READMES) writeFileSync(file, withCatalogue(readFileSync(file, 'utf8')));
  writeFileSync(CONFIG_README, withConfigTable(readFileSync(CONFIG_README, 'utf8')));
  // The repo's formatter pads Markdown tables; leave the files as `pnpm lint` wants them.
  execFileSync('biome', ['format', '--write', ...CATALOGUE_READMES], { stdio: 'inherit' });
}
