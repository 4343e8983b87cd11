import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../shared/safe.js';
import { installCompileHook } from './compile-hook.js';
import {
  announceAppEsm,
  announceRequireCache,
  appDirectories,
  entryIsCommonJs,
  packageVersionOf,
  resolveEsmFile,
} from './find-loaded.js';
import { type LoadedModule, subscribeModules } from './registry.js';
import { PATCH_TARGETS, type TargetKind, targetOfFile } from './targets.js';
import { satisfies } from './versions.js';

/** An instrumentation that can patch a module found at run time. */
export interface ModulePatcher {
  patchExports(kind: TargetKind, exports: unknown): boolean;
}

function isPatcher(value: unknown): value is ModulePatcher {
  return typeof (value as Partial<ModulePatcher> | null)?.patchExports === 'function';
}

/** How {@link attachInstrumentations} looks for modules. */
export interface AttachOptions {
  /**
   * Also load the app's own ES module instances of the frameworks now (the plain call from an ES
   * module, where no loader hook saw them load). Off under `--import`/`--require`, where the
   * loader hook and the require hook see every load.
   * @default false
   */
  readonly findAppModules?: boolean;
}

const warned = new Set<string>();

function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  log.warn(message);
}

function patchLoaded(patchers: readonly ModulePatcher[], module: LoadedModule): void {
  const target = targetOfFile(module.file);
  if (target === undefined) return;
  const version = packageVersionOf(module.file, target.packageName);
  if (version !== undefined && !satisfies(version, target.versions)) {
    warnOnce(
      `${target.packageName}@${version}`,
      `${target.packageName} ${version} is outside the supported range ${target.versions}; it is not instrumented.`,
    );
    return;
  }
  for (const patcher of patchers) {
    try {
      patcher.patchExports(target.kind, module.exports);
    } catch (error) {
      log.error(`patching ${module.file} failed`, error);
    }
  }
}

/** Names, from the app's package.json, the frameworks it depends on but that cannot be found. */
function reportUnresolvable(dirs: readonly string[]): void {
  let declared: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    declared = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) };
  } catch {
    return;
  }
  for (const target of PATCH_TARGETS) {
    const wanted =
      target.packageName in declared ||
      (target.packageName === '@langchain/core' && '@langchain/langgraph' in declared);
    if (!wanted || dirs.some((dir) => resolveEsmFile(target, dir) !== undefined)) continue;
    warnOnce(
      `unresolvable:${target.packageName}`,
      `${target.packageName} is a dependency of this app but cannot be found from ${dirs.join(', ')} ` +
        '(a bundle?): it is not instrumented. Pass its modules to manuallyInstrument() (see the README, "Bundlers").',
    );
  }
}

/**
 * Connects instrumentations to the modules they patch, whatever the module system and load order:
 * modules announced by the loader hook, CommonJS modules already loaded, and (with
 * `findAppModules`) the app's own ES module instances. Returns the unsubscribe, and a promise that
 * settles when modules loaded asynchronously (Node without `require(esm)`) are patched.
 */
export function attachInstrumentations(
  instrumentations: readonly unknown[],
  options: AttachOptions = {},
): { detach(): void; ready: Promise<void> } {
  const patchers = instrumentations.filter(isPatcher);
  if (patchers.length === 0) return { detach() {}, ready: Promise.resolve() };
  const detach = subscribeModules((module) => patchLoaded(patchers, module));
  let pending: Promise<void>[] = [];
  try {
    installCompileHook();
    announceRequireCache();
    if (options.findAppModules) {
      const dirs = appDirectories();
      if (!entryIsCommonJs()) pending = announceAppEsm(dirs);
      reportUnresolvable(dirs);
    }
  } catch (error) {
    log.error('finding loaded modules failed', error);
  }
  return { detach, ready: Promise.all(pending).then(() => undefined) };
}
