import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig(
  libraryBuild(
    [
      'src/index.ts',
      'src/langchain/index.ts',
      'src/openai/index.ts',
      'src/google-genai/index.ts',
      'src/anthropic/index.ts',
      'src/openai-agents/index.ts',
      'src/ai-sdk/index.ts',
      'src/hook.ts',
    ],
    {
      // Peers and the libraries we instrument are never bundled.
      external: ['@tradingagents/telemetry', '@opentelemetry/api', '@opentelemetry/instrumentation'],
    },
  ),
);
