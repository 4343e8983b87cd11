import type { OptionRow } from './option-table.js';

const code = (text: string): string => `\`${text}\``;

function shownDefault(row: OptionRow): string {
  if (row.defaultDoc !== undefined) return row.defaultDoc;
  if (row.default === undefined) return '—';
  if (Array.isArray(row.default)) return row.default.length === 0 ? '—' : code(row.default.join(','));
  return code(String(row.default));
}

/**
 * The README configuration table of a config table: option | (flag) | env var | default | what it
 * does. Written between markers by the docs script and checked by the docs tests.
 */
export function optionTableMarkdown(rows: readonly OptionRow[], withFlags = false): string {
  const header = withFlags
    ? ['option', 'flag', 'env var', 'default', 'what it does']
    : ['option', 'env var', 'default', 'what it does'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = [
      code(row.option),
      ...(withFlags ? [row.flag === undefined ? '—' : code(`--${row.flag}`)] : []),
      row.env === undefined || row.env.length === 0
        ? '—'
        : row.env.map(code).join(row.kind === 'custom' ? ', ' : ', then '),
      shownDefault(row),
      row.doc.replace(/\|/g, '\\|'),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * `text` with the block between `<!-- name:start -->` and `<!-- name:end -->` replaced by `content`;
 * throws when the markers are missing. The docs scripts write generated tables this way.
 */
export function replaceMarkedBlock(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
