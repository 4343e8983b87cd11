/** `pnpm monitoring:kubernetes [--check]`: writes (or checks) the generated files of deploy/kubernetes/. */
import { writeOrCheck } from '../src/write-generated.js';
import { KUBERNETES_DIR, renderKubernetesFiles } from './render.js';

process.exitCode = writeOrCheck(KUBERNETES_DIR, renderKubernetesFiles(), process.argv);
