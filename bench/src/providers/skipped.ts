import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Frameworks issue 12 lists that this bench has no variants for yet, by the subpath ours would export. */
const PENDING = [
  { framework: 'openai-agents', subpath: './openai-agents', sdk: 'the OpenAI Agents SDK (`@openai/agents`)' },
] as const;

/** Why each of them is not in the tables, stated from what this checkout's instrumentation package exports. */
export async function notBenched(): Promise<{ variant: string; reason: string }[]> {
  const manifest = JSON.parse(
    await readFile(require.resolve('@tradingagents/instrumentation/package.json'), 'utf8'),
  ) as { exports?: Record<string, unknown> };
  return PENDING.map(({ framework, subpath, sdk }) => ({
    variant: `${framework}/*`,
    reason:
      manifest.exports?.[subpath] === undefined
        ? `@tradingagents/instrumentation does not instrument ${sdk} in this checkout`
        : `${sdk} is instrumented (${subpath}) but has no variants in this bench yet (it needs Node >= 22)`,
  }));
}
