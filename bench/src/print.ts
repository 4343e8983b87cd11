import type { BenchReport, Table } from './report.js';

/** Prints a table with aligned columns (numbers right-aligned). */
export function printTable(table: Table): void {
  const cells = [table.columns, ...table.rows.map((row) => row.map((c) => (c === null ? '—' : String(c))))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(`\n${table.title}`);
  console.log(line(cells[0] as string[]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

export function printReport(report: BenchReport): void {
  for (const table of report.tables) printTable(table);
  for (const s of report.skipped) console.log(`skipped ${s.variant}: ${s.reason}`);
  console.log(`(${report.durationSeconds} s)`);
}
