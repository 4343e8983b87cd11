import { describe, expect, it } from 'vitest';
import { LabelBound, sanitizeLabelValue } from '../src/cardinality.js';

describe('LabelBound', () => {
  it('keeps the first N distinct values and folds the rest into __other__', () => {
    let overflows = 0;
    const bound = new LabelBound(3, () => overflows++);
    expect(['A', 'B', 'C', 'A'].map((v) => bound.fold(v))).toEqual(['A', 'B', 'C', 'A']);
    expect(bound.fold('D')).toBe('__other__');
    expect(bound.fold('E')).toBe('__other__');
    expect(bound.fold('B')).toBe('B');
    expect(overflows).toBe(2);
    expect(bound.size).toBe(3);
  });

  it('stays bounded in memory over many distinct values', () => {
    const bound = new LabelBound(10, () => {});
    for (let i = 0; i < 100_000; i++) bound.fold(`T${i}`);
    expect(bound.size).toBe(10);
  });

  it('sanitises hostile values', () => {
    expect(sanitizeLabelValue('')).toBe('unknown');
    expect(sanitizeLabelValue(undefined)).toBe('unknown');
    expect(sanitizeLabelValue('a\nb\u0000c')).toBe('abc');
    expect(sanitizeLabelValue('x'.repeat(1000))).toHaveLength(128);
    expect(sanitizeLabelValue('\ud800lone')).toBe('\ufffdlone');
    expect(sanitizeLabelValue(42)).toBe('42');
    expect(
      sanitizeLabelValue({
        toString: () => {
          throw new Error('no');
        },
      }),
    ).toBe('unknown');
  });
});
