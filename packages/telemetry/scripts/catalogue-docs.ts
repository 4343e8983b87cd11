/**
 * Renders the metric catalogue as a Markdown table into the READMEs, between
 * `<!-- catalogue:start -->` and `<!-- catalogue:end -->`. Run `pnpm render-docs` after changing
 * src/catalogue.ts; a test fails while the READMEs are out of date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { METRIC_CATALOGUE } from '../src/catalogue.js';

export const CATALOGUE_READMES = [
  fileURLToPath(new URL('../README.md', import.meta.url)),
  fileURLToPath(new URL('../../../README.md', import.meta.url)),
];

const START = '<!-- catalogue:start -->';
const END = '<!-- catalogue:end -->';

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
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`catalogue markers ${START} … ${END} not found`);
  return `${text.slice(0, start + START.length)}\n${renderCatalogueTable()}\n${text.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of CATALOGUE_READMES) writeFileSync(file, withCatalogue(readFileSync(file, 'utf8')));
  // The repo's formatter pads Markdown tables; leave the files as `pnpm lint` wants them.
  execFileSync('biome', ['format', '--write', ...CATALOGUE_READMES], { stdio: 'inherit' });
}
