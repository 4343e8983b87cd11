import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig(
  libraryBuild([
    'src/index.ts',
    'src/register.ts',
    'src/serving.ts',
    'src/instrumentation-api.ts',
    'src/catalogue-api.ts',
    'src/config-api.ts',
    'src/pricing-api.ts',
    'src/cluster/index.ts',
  ]),
);
