/** Writes generated files, or with `--check` reports the ones that are out of date. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Paths (relative to `root`) whose committed content differs from `files`. */
export function staleFiles(root: string, files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files)
    .filter(([path, content]) => {
      try {
        return readFileSync(join(root, path), 'utf8') !== content;
      } catch {
        return true;
      }
    })
    .map(([path]) => path);
}

/** CLI body shared by the generators; returns the process exit code. */
export function writeOrCheck(
  root: string,
  files: Readonly<Record<string, string>>,
  argv: readonly string[],
): number {
  const shown = (path: string): string => relative(process.cwd(), join(root, path));
  if (argv.includes('--check')) {
    const stale = staleFiles(root, files);
    for (const path of stale) console.error(`out of date: ${shown(path)}`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    console.log(`wrote ${shown(path)}`);
  }
  return 0;
}
