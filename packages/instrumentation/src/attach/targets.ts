/**
 * The modules we patch, by file. One table serves the ESM loader hook (which announces these files
 * when they load), the scan of modules already loaded, and the resolution from the app's directory.
 * Kept free of imports: the loader hook bundles it into its own thread.
 */

/** What a patched module is, for the instrumentation that patches it. */
export type TargetKind =
  | 'callbackManager'
  | 'chatModels'
  | 'openai'
  | 'googleGenAI'
  | 'anthropic'
  | 'openaiAgentsCore'
  | 'aiSdk';

export interface PatchTarget {
  readonly kind: TargetKind;
  /** The npm package. */
  readonly packageName: string;
  /** The public specifier apps import, resolved from the app's directory. */
  readonly specifier: string;
  /** The files it resolves to, relative to the package root: ESM and CJS builds. */
  readonly files: readonly string[];
  /** The package versions this patch is written for (`>=a <b` comparators). */
  readonly versions: string;
  /**
   * Whether the plain call from an ES module may load it from the app's directory to patch it
   * (`announceAppEsm`). `false` for a package whose loading has side effects on the process.
   * @default true
   */
  readonly loadFromApp?: boolean;
}

export const PATCH_TARGETS: readonly PatchTarget[] = [
  {
    kind: 'callbackManager',
    packageName: '@langchain/core',
    specifier: '@langchain/core/callbacks/manager',
    files: ['dist/callbacks/manager.js', 'dist/callbacks/manager.cjs'],
    versions: '>=0.3.0 <2',
  },
  {
    kind: 'chatModels',
    packageName: '@langchain/core',
    specifier: '@langchain/core/language_models/chat_models',
    files: ['dist/language_models/chat_models.js', 'dist/language_models/chat_models.cjs'],
    versions: '>=0.3.0 <2',
  },
  {
    kind: 'openai',
    packageName: 'openai',
    specifier: 'openai',
    files: ['index.mjs', 'index.js'],
    versions: '>=4.19.0 <8',
  },
  {
    kind: 'googleGenAI',
    packageName: '@google/genai',
    specifier: '@google/genai',
    // The `node` condition of its exports map (1.0.0's CommonJS build cannot be required at all).
    files: ['dist/node/index.mjs', 'dist/node/index.cjs'],
    versions: '>=1.1.0 <4',
  },
  {
    kind: 'anthropic',
    packageName: '@anthropic-ai/sdk',
    specifier: '@anthropic-ai/sdk',
    files: ['index.mjs', 'index.js'],
    versions: '>=0.30.0 <2',
  },
  {
    kind: 'openaiAgentsCore',
    packageName: '@openai/agents-core',
    specifier: '@openai/agents-core',
    files: ['dist/index.mjs', 'dist/index.js'],
    versions: '>=0.15.0 <0.21',
    // Loading it installs the SDK's SIGINT/SIGTERM/unhandledRejection handlers; the instrumentation
    // finds the SDK's global provider instead (openai-agents/instrumentation.ts).
    loadFromApp: false,
  },
  {
    kind: 'aiSdk',
    packageName: 'ai',
    specifier: 'ai',
    // ai 5 and 6: ESM and CJS builds; ai 7 (ESM only) is `dist/index.js` too. Nothing is patched:
    // finding ai 5 or 6 loaded makes our global provider hand out the tracer their spans come from.
    files: ['dist/index.mjs', 'dist/index.js'],
    versions: '>=5.0.0 <8',
    // Only an `ai` the app has loaded: finding it makes the core take the free OTel globals at the
    // end of the task, which must not happen to an app that merely has `ai` installed and sets up
    // its own NodeSDK later.
    loadFromApp: false,
  },
];

/** The target a module file belongs to (a path or a `file:` URL, any OS separator), if any. */
export function targetOfFile(file: string): PatchTarget | undefined {
  const path = file.replaceAll('\\', '/');
  for (const target of PATCH_TARGETS) {
    for (const rel of target.files) {
      if (path.endsWith(`/node_modules/${target.packageName}/${rel}`)) return target;
    }
  }
  return undefined;
}
