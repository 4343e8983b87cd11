import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const PACKAGES = [
  '@tradingagents/telemetry',
  '@tradingagents/instrumentation',
  '@opentelemetry/api',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/sdk-node',
  '@opentelemetry/exporter-prometheus',
  '@langchain/core',
  '@langchain/langgraph',
  '@langchain/openai',
  '@langfuse/langchain',
  '@langfuse/otel',
  '@arizeai/openinference-instrumentation-langchain',
  'prom-client',
  'openai',
  '@anthropic-ai/sdk',
  '@google/genai',
  '@langfuse/openai',
  '@traceloop/instrumentation-openai',
  '@traceloop/instrumentation-anthropic',
  '@arizeai/openinference-instrumentation-openai',
  '@arizeai/openinference-instrumentation-anthropic',
  'ai',
  '@ai-sdk/openai',
  '@ai-sdk/otel',
  '@openai/agents',
  '@arizeai/openinference-instrumentation-openai-agents',
];

/** The package.json of `name`: from its entry point upwards (some packages do not export ./package.json). */
async function packageVersion(name: string): Promise<string> {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === name) return pkg.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unresolved';
    dir = parent;
  }
}

/** Installed versions of what is compared. */
export async function versions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of PACKAGES) out[name] = await packageVersion(name).catch(() => 'unresolved');
  return out;
}
