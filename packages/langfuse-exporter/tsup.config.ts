import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig([
  libraryBuild(['src/index.ts']),
  // The CLI is ESM only and carries its own shebang (tsup keeps it and marks the file executable).
  { ...libraryBuild(['src/cli.ts'], { format: ['esm'], clean: false, shims: false }), dts: false },
]);
