/** The shape every bench returns: JSON data, a printable table and the targets it checks. */

export interface Target {
  id: string;
  /** What we are building toward. */
  goal: string;
  /** `null` when it could not be measured (a variant skipped). */
  met: boolean | null;
  /** The numbers behind the verdict, and when missed by how much, why, and what would close it. */
  detail: string;
}

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface BenchReport {
  name: string;
  method: string;
  tables: Table[];
  targets: Target[];
  /** Variants that could not run: name and reason (never numbers made up for them). */
  skipped: { variant: string; reason: string }[];
  data: Record<string, unknown>;
  durationSeconds: number;
}

export interface BenchOptions {
  quick: boolean;
}

/** Formats a number for a table cell. */
export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`;
}
