import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The tsconfig is `composite` for `tsc -b`; the rollup-style d.ts build must not be (TS6307).
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  splitting: false,
  treeshake: false,
});
