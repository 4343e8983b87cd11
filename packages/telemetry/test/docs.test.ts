import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_READMES,
  CONFIG_README,
  withCatalogue,
  withConfigTable,
} from '../scripts/catalogue-docs.js';
import { TELEMETRY_ENV_KEYS } from '../src/env.js';

/** Markdown formatters pad table cells; compare tables cell by cell. */
const normalise = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line.startsWith('|') ? line.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---') : line))
    .join('\n');

describe('docs derive from the code', () => {
  it.each(CATALOGUE_READMES)('%s has the current metric catalogue (run `pnpm render-docs`)', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(normalise(text)).toBe(normalise(withCatalogue(text)));
  });

  it('has the current config table (run `pnpm render-docs`)', () => {
    const text = readFileSync(CONFIG_README, 'utf8');
    expect(normalise(text)).toBe(normalise(withConfigTable(text)));
  });

  it('documents every environment variable the package reads', () => {
    const readme = readFileSync(CATALOGUE_READMES[0] as string, 'utf8');
    for (const key of TELEMETRY_ENV_KEYS) expect(readme, key).toContain(`\`${key}\``);
  });
});
