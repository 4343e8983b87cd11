import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Exported names of an entry, each with its TSDoc text, as TypeScript sees them. */
function exportsOf(entry: string): Map<string, string> {
  const file = fileURLToPath(new URL(`../../src/${entry}`, import.meta.url));
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${file} is not a module`);
  const docs = new Map<string, string>();
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    docs.set(symbol.name, ts.displayPartsToString(target.getDocumentationComment(checker)).trim());
  }
  return docs;
}

const ENTRIES = ['index.ts', 'instrumentation-api.ts', 'catalogue-api.ts', 'config-api.ts', 'pricing-api.ts'];

describe('public API', () => {
  const root = exportsOf('index.ts');

  it('the root export fits on one screen (at most 25 names)', () => {
    expect(root.size).toBeGreaterThan(0);
    expect(root.size, [...root.keys()].join(', ')).toBeLessThanOrEqual(25);
  });

  it('every root export has TSDoc', () => {
    const undocumented = [...root].filter(([, doc]) => doc === '').map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  it('the plumbing is not on the root but on its subpath', () => {
    const api = exportsOf('instrumentation-api.ts');
    for (const name of [
      'startGeneration',
      'startAgent',
      'getAgentName',
      'isInsideGeneration',
      'normalizeUsage',
    ]) {
      expect(root.has(name), name).toBe(false);
      expect(api.has(name), name).toBe(true);
    }
    expect(exportsOf('catalogue-api.ts').has('METRICS')).toBe(true);
    expect(exportsOf('config-api.ts').has('resolveConfig')).toBe(true);
    expect(exportsOf('pricing-api.ts').has('computeCost')).toBe(true);
  });

  it.each(ENTRIES)('%s re-exports by name only (no `export *`)', (entry) => {
    const text = readFileSync(fileURLToPath(new URL(`../../src/${entry}`, import.meta.url)), 'utf8');
    expect(text).not.toMatch(/export \*/);
    expect(text.replace(/\/\*\*[\s\S]*?\*\//g, '').trim()).toMatch(
      /^(export (type )?\{[^}]*\} from '[^']+';\s*)+$/,
    );
  });

  it('package.json exports one subpath per entry, and the optional instrumentation peer', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const subpath of [
      '.',
      './instrumentation-api',
      './catalogue',
      './config',
      './pricing',
      './serving',
      './register',
      './cluster',
    ]) {
      expect(pkg.exports[subpath], subpath).toBeDefined();
    }
    expect(pkg.peerDependenciesMeta['@tradingagents/instrumentation']).toEqual({ optional: true });
  });
});
