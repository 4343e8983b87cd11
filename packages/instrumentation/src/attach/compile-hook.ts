import Module from 'node:module';
import { log } from '../shared/safe.js';
import { announceModule } from './registry.js';
import { targetOfFile } from './targets.js';

const INSTALLED = Symbol.for('@tradingagents/instrumentation.compile-hook');

type Compile = (this: { exports: unknown }, content: string, filename: string, ...rest: unknown[]) => unknown;

/**
 * Announces each CommonJS target module as soon as its body has run (`Module.prototype._compile`),
 * whoever required it and however it was resolved. The OpenTelemetry require hook
 * (require-in-the-middle) misses files of packages without a root entry point (`@langchain/core`
 * 0.3.x has no `"."` export: it cannot resolve the package and skips its files); this hook needs
 * no resolution, and costs one suffix test per module compiled, never per `require` call.
 * Once per process, whichever copy of this package comes first.
 */
export function installCompileHook(): void {
  const slot = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (slot[INSTALLED]) return;
  const proto = (Module as unknown as { prototype?: { _compile?: Compile } }).prototype;
  const original = proto?._compile;
  if (proto === undefined || typeof original !== 'function') return;
  slot[INSTALLED] = true;
  proto._compile = function compileAndAnnounce(this: { exports: unknown }, content, filename, ...rest) {
    const result = original.call(this, content, filename, ...rest);
    try {
      if (typeof filename === 'string' && targetOfFile(filename) !== undefined)
        announceModule({ file: filename, exports: this.exports });
    } catch (error) {
      log.error('announcing a loaded module failed', error);
    }
    return result;
  };
}
