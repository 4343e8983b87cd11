import { describe, expect, it } from 'vitest';
import { announcementFor, load } from '../../src/attach/hook.js';
import { targetOfFile } from '../../src/attach/targets.js';
import { satisfies } from '../../src/attach/versions.js';

const MANAGER = 'file:///app/node_modules/@langchain/core/dist/callbacks/manager.js';
const PNPM_MANAGER =
  'file:///app/node_modules/.pnpm/@langchain+core@1.4.0/node_modules/@langchain/core/dist/callbacks/manager.js';

describe('the ESM loader hook', () => {
  const next =
    (source: string, format = 'module') =>
    async () => ({ format, source, shortCircuit: true });

  it('leaves every module outside the include list byte-for-byte as loaded', async () => {
    for (const url of [
      'file:///app/node_modules/openai/_shims/index.mjs',
      'file:///app/node_modules/openai/core.mjs',
      'file:///app/node_modules/@langchain/core/dist/runnables/base.js',
      'file:///app/src/app.mjs',
      'node:fs',
    ]) {
      const loaded = { format: 'module', source: 'export let x = 1;', shortCircuit: true };
      expect(await load(url, {}, async () => loaded)).toBe(loaded);
    }
  });

  it('appends a self-import and the announcement to the files we patch, and nothing else', async () => {
    const source = 'export class CallbackManager {}\n//# sourceMappingURL=manager.js.map';
    for (const url of [MANAGER, PNPM_MANAGER]) {
      const result = await load(url, {}, next(source));
      expect(result.source).toBe(source + announcementFor(url));
      expect(String(result.source).startsWith(source)).toBe(true);
    }
  });

  it('decodes binary sources, and never touches CommonJS or an already announced module', async () => {
    const bytes = new TextEncoder().encode('export const a = 1;');
    expect((await load(MANAGER, {}, next(bytes as unknown as string))).source).toBe(
      `export const a = 1;${announcementFor(MANAGER)}`,
    );
    const cjs = { format: 'commonjs', source: 'exports.a = 1;' };
    expect(await load(MANAGER.replace('.js', '.cjs'), {}, async () => cjs)).toBe(cjs);
    const twice = `export const a = 1;${announcementFor(MANAGER)}`;
    expect((await load(MANAGER, {}, next(twice))).source).toBe(twice);
  });

  it('generates code that hands the module namespace to the global registry once it has evaluated', async () => {
    const key = Symbol.for('@tradingagents/instrumentation.loaded-modules');
    const g = globalThis as unknown as Record<
      symbol,
      { loaded: { file: string; exports: unknown }[] } | undefined
    >;
    const saved = g[key];
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/ta-hook-'));
    const file = `${dir}/node_modules/openai/index.mjs`;
    const fs = await import('node:fs/promises');
    await fs.mkdir(`${dir}/node_modules/openai`, { recursive: true });
    const url = `file://${file}`;
    await fs.writeFile(file, `export class OpenAI {}\nexport default OpenAI;${announcementFor(url)}`);
    try {
      const ns = await import(url);
      const seen = g[key]?.loaded.find((m) => m.file === url);
      expect(seen?.exports).toBe(ns);
      expect((seen?.exports as { OpenAI?: unknown } | undefined)?.OpenAI).toBe(ns.OpenAI);
    } finally {
      g[key] = saved;
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('patch targets', () => {
  it('recognises the ESM and CJS builds under npm, pnpm and Windows layouts, nothing else', () => {
    expect(targetOfFile('/a/node_modules/@langchain/core/dist/callbacks/manager.cjs')?.kind).toBe(
      'callbackManager',
    );
    expect(targetOfFile(PNPM_MANAGER)?.kind).toBe('callbackManager');
    expect(targetOfFile('C:\\a\\node_modules\\openai\\index.js')?.kind).toBe('openai');
    expect(targetOfFile('/a/node_modules/@langchain/core/dist/language_models/chat_models.js')?.kind).toBe(
      'chatModels',
    );
    expect(targetOfFile('/a/node_modules/openai/resources/index.js')).toBeUndefined();
    expect(targetOfFile('/a/node_modules/not-openai/index.js')).toBeUndefined();
    expect(targetOfFile('/a/src/openai/index.js')).toBeUndefined();
  });

  it('checks versions against >=/< ranges, pre-releases by their numbers', () => {
    expect(satisfies('0.3.80', '>=0.3.0 <2')).toBe(true);
    expect(satisfies('1.4.0', '>=0.3.0 <2')).toBe(true);
    expect(satisfies('0.2.9', '>=0.3.0 <2')).toBe(false);
    expect(satisfies('2.0.0', '>=0.3.0 <2')).toBe(false);
    expect(satisfies('7.59.0', '>=4.19.0 <8')).toBe(true);
    expect(satisfies('4.18.9', '>=4.19.0 <8')).toBe(false);
    expect(satisfies('1.5.0-rc.1', '>=1.0.0 <2')).toBe(true);
    expect(satisfies('not a version', '>=1.0.0')).toBe(false);
  });
});
