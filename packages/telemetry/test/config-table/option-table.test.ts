import { describe, expect, it } from 'vitest';
import { EnvReader } from '../../src/config-table/env-reader.js';
import {
  envKeysOf,
  type OptionRow,
  optionFailure,
  resolveOption,
  resolveRows,
} from '../../src/config-table/option-table.js';

class TestConfigError extends TypeError {}
const fail = optionFailure('testCaller', TestConfigError);

/** An env reader that records what it warned about. */
function reader(env: Record<string, string>) {
  const warnings: string[] = [];
  return {
    read: new EnvReader(env, (key, raw, expected) => warnings.push(`${key}=${raw}: ${expected}`)),
    warnings,
  };
}

const PORT: OptionRow = {
  option: 'metrics.port',
  env: ['PORT_A', 'PORT_B'],
  kind: 'integer',
  min: 0,
  max: 65_535,
  default: 9464,
  doc: 'port',
};

describe('resolveOption: option > env > default', () => {
  it('takes a valid option over every env var', () => {
    const { read } = reader({ PORT_A: '1000' });
    expect(resolveOption(PORT, 2000, read, fail)).toBe(2000);
  });

  it('takes the first env var that holds a valid value, warning about a bad one', () => {
    const { read, warnings } = reader({ PORT_A: 'ninety', PORT_B: '1000' });
    expect(resolveOption(PORT, undefined, read, fail)).toBe(1000);
    expect(warnings).toEqual(['PORT_A=ninety: an integer from 0 to 65535']);
  });

  it('falls back to the default when nothing is set (empty strings are unset)', () => {
    const { read, warnings } = reader({ PORT_A: '  ' });
    expect(resolveOption(PORT, undefined, read, fail)).toBe(9464);
    expect(warnings).toEqual([]);
  });

  it.each([
    [70_000, 'an integer from 0 to 65535'],
    [1.5, 'an integer from 0 to 65535'],
    ['9464', 'an integer from 0 to 65535'],
  ])('throws the package error for the explicit option %j', (value, expected) => {
    const { read } = reader({});
    expect(() => resolveOption(PORT, value, read, fail)).toThrow(TestConfigError);
    expect(() => resolveOption(PORT, value, read, fail)).toThrow(
      `testCaller: option "metrics.port" must be ${expected}, got`,
    );
  });

  it('runs the row check on options, with its own expectation', () => {
    const row: OptionRow = {
      option: 'path',
      kind: 'string',
      check: (v: string) => (v.startsWith('/') ? undefined : 'a path starting with "/"'),
      doc: '',
    };
    const { read } = reader({});
    expect(resolveOption(row, '/metrics', read, fail)).toBe('/metrics');
    expect(() => resolveOption(row, 'metrics', read, fail)).toThrow('must be a path starting with "/"');
  });

  it('reads each kind from env: boolean vocabulary, durations, URLs, enums, lists', () => {
    const rows: OptionRow[] = [
      { option: 'a', env: ['A'], kind: 'boolean', doc: '' },
      { option: 'b', env: ['B'], kind: 'boolean', doc: '' },
      { option: 'c', env: ['C'], kind: 'duration', min: 1, max: 86_400, doc: '' },
      { option: 'd', env: ['D'], kind: 'url', doc: '' },
      { option: 'e', env: ['E'], kind: 'enum', values: ['listen', 'none'], doc: '' },
      { option: 'f', env: ['F'], kind: 'list', doc: '' },
    ];
    const { read, warnings } = reader({
      A: 'YES',
      B: 'off',
      C: '5m',
      D: 'https://eu.example.com//',
      E: 'NONE',
      F: 'x, ,y',
    });
    expect(resolveRows(rows, {}, read, fail)).toEqual({
      a: true,
      b: false,
      c: 300,
      d: 'https://eu.example.com',
      e: 'none',
      f: ['x', 'y'],
    });
    expect(warnings).toEqual([]);
    const bad = reader({ A: 'maybe', C: 'soon', D: 'ftp://x', E: 'both' });
    expect(resolveRows(rows, {}, bad.read, fail)).toEqual({
      a: undefined,
      b: undefined,
      c: undefined,
      d: undefined,
      e: undefined,
      f: undefined,
    });
    expect(bad.warnings.map((w) => w.split('=')[0])).toEqual(['A', 'C', 'D', 'E']);
  });

  it('nests rows like the options and skips custom rows', () => {
    const rows: OptionRow[] = [
      PORT,
      { option: 'metrics.enabled', kind: 'boolean', default: true, doc: '' },
      { option: 'mask', kind: 'custom', doc: '' },
    ];
    const { read } = reader({});
    expect(resolveRows(rows, { metrics: { port: 0 }, mask: () => '' }, read, fail)).toEqual({
      metrics: { port: 0, enabled: true },
    });
  });

  it('lists each env key once, in row order', () => {
    expect(envKeysOf([PORT, { option: 'x', env: ['PORT_B', 'X'], kind: 'string', doc: '' }])).toEqual([
      'PORT_A',
      'PORT_B',
      'X',
    ]);
  });
});
