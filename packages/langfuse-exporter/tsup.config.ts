import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    // The project tsconfig is composite (for tsc -b); the declaration bundler wants a plain program.
    dts: { compilerOptions: { composite: false, incremental: false } },
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node20',
    splitting: false,
    treeshake: false,
  },
  {
    // The CLI is ESM only and carries its own shebang (tsup keeps it and marks the file executable).
    entry: ['src/cli.ts'],
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    splitting: false,
    treeshake: false,
  },
]);
