/**
 * The ESM loader hook (`module.register()`): for the few files we patch, and only those, it appends
 * two statements that hand the module's own namespace to the global registry once the module has
 * evaluated. Every other module is loaded untouched: no wrapper, no re-export, no change of
 * behaviour (unlike a hook without an include list, which wraps every module and breaks modules
 * such as openai 4's shim registry).
 */

import { REGISTRY_KEY } from './registry-key.js';
import { targetOfFile } from './targets.js';

interface LoadContext {
  readonly format?: string | null;
}

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

type NextLoad = (url: string, context?: LoadContext) => LoadResult | Promise<LoadResult>;

const NS = '__tradingagents_instrumentation_ns__';

/** The statements appended to a target module: a self-import, then the announcement. */
export function announcementFor(url: string): string {
  const key = JSON.stringify(REGISTRY_KEY);
  const where = JSON.stringify(url);
  return [
    '',
    `import * as ${NS} from ${where};`,
    `{ const k = Symbol.for(${key}); let r = globalThis[k];`,
    ' if (!r || !Array.isArray(r.loaded) || !(r.listeners instanceof Set)) { r = { loaded: [], listeners: new Set() }; globalThis[k] = r; }',
    ` if (!r.loaded.some((m) => m.exports === ${NS})) { const m = { file: ${where}, exports: ${NS} }; r.loaded.push(m);`,
    '  for (const l of r.listeners) { try { l(m); } catch {} } } }',
    '',
  ].join('\n');
}

function sourceText(source: LoadResult['source']): string | undefined {
  if (typeof source === 'string') return source;
  if (source instanceof ArrayBuffer) return new TextDecoder().decode(source);
  if (ArrayBuffer.isView(source)) return new TextDecoder().decode(source as Uint8Array);
  return undefined;
}

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || !url.startsWith('file:') || targetOfFile(url) === undefined)
    return result;
  const text = sourceText(result.source);
  if (text === undefined || text.includes(NS)) return result;
  return { ...result, source: text + announcementFor(url) };
}
