import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

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
];

/** Installed versions of what is compared, read from each package.json. */
export async function versions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const file = require.resolve(`${name}/package.json`);
      out[name] = (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
    } catch {
      out[name] = 'unresolved';
    }
  }
  return out;
}
