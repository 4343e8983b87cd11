import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageVersionOf, resolveEsmFile } from '../../src/attach/find-loaded.js';
import { PATCH_TARGETS } from '../../src/attach/targets.js';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = (kind: string) => PATCH_TARGETS.find((t) => t.kind === kind) as (typeof PATCH_TARGETS)[number];

describe("finding the app's own modules", () => {
  it('resolves each target to the file an ES module import loads, from the app directory', () => {
    const manager = resolveEsmFile(target('callbackManager'), PACKAGE_DIR);
    expect(manager).toMatch(/node_modules\/@langchain\/core\/dist\/callbacks\/manager\.js$/);
    const models = resolveEsmFile(target('chatModels'), PACKAGE_DIR);
    expect(models).toMatch(/@langchain\/core\/dist\/language_models\/chat_models\.js$/);
    const openai = resolveEsmFile(target('openai'), PACKAGE_DIR);
    expect(openai).toMatch(/node_modules\/openai\/index\.mjs$/);
    const pkg = JSON.parse(readFileSync(join(dirname(openai as string), 'package.json'), 'utf8'));
    expect(packageVersionOf(openai as string, 'openai')).toBe(pkg.version);
  });

  it('returns undefined where the package is not installed', () => {
    expect(
      resolveEsmFile(
        { ...target('openai'), packageName: 'no-such-pkg', specifier: 'no-such-pkg' },
        PACKAGE_DIR,
      ),
    ).toBeUndefined();
  });

  it("gets the very instance the app's import gets when it requires the ES module file", async () => {
    const file = resolveEsmFile(target('callbackManager'), PACKAGE_DIR) as string;
    const required = createRequire(import.meta.url)(file) as Record<string, unknown>;
    const imported = (await import(`file://${file}`)) as Record<string, unknown>;
    expect(required.CallbackManager).toBe(imported.CallbackManager);
  });
});
