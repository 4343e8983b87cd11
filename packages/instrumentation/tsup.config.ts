import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/langchain/index.ts', 'src/openai/index.ts'],
  format: ['esm', 'cjs'],
  // The project tsconfig is composite (for tsc -b); the declaration bundler wants a plain program.
  dts: { compilerOptions: { composite: false, incremental: false } },
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  splitting: false,
  treeshake: false,
  // Peers and the libraries we instrument are never bundled.
  external: ['@tradingagents/telemetry', '@opentelemetry/api', '@opentelemetry/instrumentation'],
});
