import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { log } from '../shared/safe.js';
import { announceModule } from './registry.js';
import { PATCH_TARGETS, type PatchTarget, targetOfFile } from './targets.js';

const ownRequire = createRequire(import.meta.url);

/** Announces the CommonJS target modules already in the require cache (every copy, nested ones too). */
export function announceRequireCache(): void {
  const cache = ownRequire.cache as Record<string, { exports?: unknown; loaded?: boolean } | undefined>;
  for (const [file, entry] of Object.entries(cache)) {
    if (entry?.loaded && targetOfFile(file) !== undefined) announceModule({ file, exports: entry.exports });
  }
}

/** Picks the target of an `exports` entry under the conditions Node's ESM loader uses. */
function pickImport(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const item of entry) {
      const picked = pickImport(item);
      if (picked !== undefined) return picked;
    }
    return undefined;
  }
  if (entry === null || typeof entry !== 'object') return undefined;
  for (const [condition, value] of Object.entries(entry as Record<string, unknown>)) {
    if (condition === 'node' || condition === 'import' || condition === 'default') {
      const picked = pickImport(value);
      if (picked !== undefined) return picked;
    }
  }
  return undefined;
}

/** The package root holding `file` (the directory `node_modules/<name>` above it). */
function packageRootOf(file: string, name: string): string | undefined {
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? undefined : file.slice(0, at + marker.length - 1);
}

/** The file an ES module `import` of the target's specifier loads, resolved from `fromDir`. */
export function resolveEsmFile(target: PatchTarget, fromDir: string): string | undefined {
  let cjs: string;
  try {
    cjs = createRequire(join(fromDir, 'noop.js')).resolve(target.specifier);
  } catch {
    return undefined;
  }
  const root = packageRootOf(cjs, target.packageName);
  if (root === undefined) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports?: unknown;
      module?: string;
    };
    const subpath = `.${target.specifier.slice(target.packageName.length)}`;
    const exportsMap = pkg.exports as Record<string, unknown> | string | undefined;
    const entry =
      typeof exportsMap === 'object' &&
      exportsMap !== null &&
      !Array.isArray(exportsMap) &&
      subpath in exportsMap
        ? exportsMap[subpath]
        : subpath === '.'
          ? exportsMap
          : undefined;
    const rel = pickImport(entry);
    const file = rel === undefined ? cjs : realpathSync(join(root, rel));
    if (!existsSync(file)) return undefined;
    if (targetOfFile(file) !== undefined) return file;
    // @langchain/core 0.3.x exports its subpaths from stub files (`callbacks/manager.js` re-exports
    // `dist/callbacks/manager.js`): the module holding the classes is the dist file.
    const built = target.files.map((f) => join(root, f)).find((f) => f.endsWith('.js') || f.endsWith('.mjs'));
    return built !== undefined && existsSync(built) ? realpathSync(built) : undefined;
  } catch {
    return undefined;
  }
}

/** The version of the package that holds `file`, or `undefined` when unreadable. */
export function packageVersionOf(file: string, name: string): string | undefined {
  const root = packageRootOf(file.startsWith('file:') ? new URL(file).pathname : file, name);
  if (root === undefined) return undefined;
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Loads the app's own ES module instances of the targets (resolved from `dirs`, as the app's
 * `import` resolves them) and announces them. `require()` of an ES module returns the very instance
 * `import` gets (Node >=20.19, 22.12): already imported, or imported later by the app. Where it is
 * not available, a dynamic `import()` announces the module a little later.
 */
export function announceAppEsm(dirs: readonly string[]): Promise<void>[] {
  const loaderHooked = hasCustomLoader();
  const seen = new Set<string>();
  const pending: Promise<void>[] = [];
  for (const target of PATCH_TARGETS) {
    if (target.loadFromApp === false) continue;
    for (const dir of dirs) {
      const file = resolveEsmFile(target, dir);
      if (file === undefined || seen.has(file) || targetOfFile(file) === undefined) continue;
      seen.add(file);
      try {
        if (loaderHooked)
          throw Object.assign(new Error('a loader hook is registered'), { code: 'LOADER_HOOK' });
        announceModule({ file, exports: ownRequire(file) });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException)?.code;
        log.debug(`require() of ${file} not used (${code ?? 'error'}); importing it instead`);
        pending.push(
          import(pathToFileURL(file).href).then(
            (exports: unknown) => announceModule({ file, exports }),
            (e: unknown) => log.debug(`import() of ${file} failed`, e),
          ),
        );
      }
    }
  }
  return pending;
}

/**
 * Whether the process runs with another loader (tsx, ts-node, a `--loader`/`--import` hook): its
 * require hook may compile an ES module file into a second, CommonJS instance instead of returning
 * the one `import` gets, so only `import()` is trusted then.
 */
function hasCustomLoader(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((flag, i) => {
    if (/^--(experimental-)?loader(=|$)/.test(flag)) return true;
    const value = flag.startsWith('--import=')
      ? flag.slice(9)
      : flag === '--import'
        ? flags[i + 1]
        : undefined;
    return value !== undefined && !value.includes('@tradingagents/telemetry');
  });
}

/** The directories the app resolves its packages from: the entry script's, then the working directory. */
export function appDirectories(): string[] {
  const dirs: string[] = [];
  const entry = process.argv[1];
  if (entry) {
    try {
      dirs.push(dirname(realpathSync(entry)));
    } catch {
      dirs.push(dirname(entry));
    }
  }
  dirs.push(process.cwd());
  return [...new Set(dirs)];
}

/** Whether the entry script was loaded as CommonJS (then the app's modules are CommonJS too). */
export function entryIsCommonJs(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const cache = ownRequire.cache as Record<string, unknown>;
  try {
    return realpathSync(entry) in cache || entry in cache;
  } catch {
    return entry in cache;
  }
}
