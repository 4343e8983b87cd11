import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { TargetKind } from '../attach/targets.js';
import { log } from '../shared/safe.js';
import { OursInstrumentationBase } from '../shared/wrap-ours.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { embedContent } from './embed-content.js';
import { generateContent, generateContentStream } from './generate-content.js';
import type { Operation } from './operation.js';
import { wrapMethod } from './patch-method.js';
import type { GoogleGenAIInstrumentationConfig } from './types.js';

/** `@google/genai` versions whose `Models.prototype` request methods we patch. */
export const SUPPORTED_GOOGLE_GENAI_VERSIONS = ['>=1.1.0 <4'];

type Proto = Record<string, unknown>;

/** The modules {@link GoogleGenAIInstrumentation.manuallyInstrument} patches, as you imported them. */
export interface GoogleGenAIModules {
  /** `import * as genai from '@google/genai'` (the namespace or the CommonJS exports). */
  googleGenAI: unknown;
}

/** The shape we patch: the `@google/genai` package's exports (CJS `exports` or ESM namespace). */
export interface GoogleGenAIModule {
  Models?: { prototype: Proto };
}

/**
 * The methods we patch, on `Models.prototype`. `generateContent`, `generateContentStream` and
 * `embedContent` are arrow functions assigned in the `Models` constructor (instance properties, not
 * on the prototype): they cannot be patched on the class, and an ES module's `GoogleGenAI` and
 * `Models` bindings cannot be replaced from outside. Each of them sends its requests through one of
 * these prototype methods, one request per call (automatic function calling and continuation make
 * several, each a generation of its own, as each is billed). `embedContent` itself was a prototype
 * method before 1.4x: the first name found on the prototype is patched.
 */
const METHODS: readonly (readonly [readonly string[], Operation])[] = [
  [['generateContentInternal'], generateContent],
  [['generateContentStreamInternal'], generateContentStream],
  [['embedContentInternal', 'embedContent'], embedContent],
];

function targets(module: GoogleGenAIModule): [Proto | undefined, string | undefined, Operation][] {
  const proto = module?.Models?.prototype;
  return METHODS.map(([names, operation]) => [
    proto,
    names.find((name) => typeof proto?.[name] === 'function'),
    operation,
  ]);
}

/**
 * Auto-instrumentation of Google's GenAI SDK (`@google/genai`): `models.generateContent`,
 * `models.generateContentStream` and `models.embedContent` (and the chats built on them) become
 * generations of the core (usage, cost, metrics), under the enclosing agent. Calls already
 * recorded above (a LangChain chat model, a `trackLlmCall`) are left to that layer.
 *
 * @example
 * ```ts
 * import * as genai from '@google/genai';
 * new GoogleGenAIInstrumentation().manuallyInstrument({ googleGenAI: genai });
 * ```
 */
export class GoogleGenAIInstrumentation extends OursInstrumentationBase<GoogleGenAIInstrumentationConfig> {
  constructor(config: GoogleGenAIInstrumentationConfig = {}) {
    super(`${PACKAGE_NAME}/google-genai`, PACKAGE_VERSION, config);
  }

  /**
   * Patches the module you imported yourself: for bundlers, where no module can be found at run
   * time. Everywhere else `registerTradingAgentsTelemetry()` finds the app's own `@google/genai`.
   */
  manuallyInstrument(modules: GoogleGenAIModules): void {
    if (modules === null || typeof modules !== 'object' || !('googleGenAI' in modules)) {
      throw new TypeError(
        'GoogleGenAIInstrumentation.manuallyInstrument: pass { googleGenAI } (the imported module)',
      );
    }
    this.patch(modules.googleGenAI as GoogleGenAIModule);
  }

  /** Patches one module found by the loader hook or the module scan; `false` if it is not ours. */
  patchExports(kind: TargetKind, exports: unknown): boolean {
    if (kind !== 'googleGenAI') return false;
    this.patch(exports as GoogleGenAIModule);
    return true;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        '@google/genai',
        SUPPORTED_GOOGLE_GENAI_VERSIONS,
        (m: GoogleGenAIModule) => this.patch(m),
        (m: GoogleGenAIModule) => this.unpatch(m),
      ),
    ];
  }

  private patch<M extends GoogleGenAIModule>(module: M): M {
    for (const [proto, name, operation] of targets(module)) {
      try {
        if (!proto || name === undefined) {
          log.debug(
            `Google GenAI: ${operation.name} not found; not instrumented in this @google/genai version.`,
          );
          continue;
        }
        this.wrapOurs(proto, name, (original) => wrapMethod(operation, original, () => this.isEnabled()));
      } catch (error) {
        log.error(`Google GenAI: patching ${operation.name} failed`, error);
      }
    }
    return module;
  }

  private unpatch(module: GoogleGenAIModule): void {
    for (const [proto, name] of targets(module))
      if (proto && name !== undefined) this.unwrapOurs(proto, name);
  }
}
