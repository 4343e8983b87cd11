import type { Options } from 'tsup';

/**
 * How every package builds: ESM + CJS + type declarations for Node 20, one file per entry.
 * Package configs add their entries (and externals) to this.
 */
export function libraryBuild(entry: string[], extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    // The project tsconfigs are composite (for tsc -b); the declaration bundler wants a plain program (TS6307).
    dts: { compilerOptions: { composite: false, incremental: false } },
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node20',
    splitting: false,
    treeshake: false,
    ...extra,
  };
}
