import { copyFileSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LangfuseReceiverHandle,
  type MetricFamily,
  type OpenAIServerHandle,
  startLangfuseReceiver,
  startOpenAIServer,
  sumSamples,
} from '@tradingagents/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGFUSE_KEYS, runRegisteredApp } from './support/child-app.js';

// These tests run the built packages (`pnpm test` builds first): the hooks under test are the real
// loader and require hooks, which vitest's own module loader would bypass. Each runs an app from an
// app directory whose `ai` and `@ai-sdk/openai` are the version under test (links to the aliased
// devDependencies), as an app that installed them: `import 'ai'` there is ai 5 or 6.
const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(PACKAGE_DIR, '..', '..');
const FIXTURES = join(PACKAGE_DIR, 'test', 'fixtures', 'ai56');
const MODEL = 'gpt-4o-mini';

const VERSIONS = [
  { ai: 'ai 5', dir: 'ai5', links: { ai: 'ai-v5', '@ai-sdk/openai': 'ai-sdk-openai-v2' } },
  { ai: 'ai 6', dir: 'ai6', links: { ai: 'ai-v6', '@ai-sdk/openai': 'ai-sdk-openai-v3' } },
];

const ROUTES = [
  { route: 'an ESM app started with node --import', flag: '--import', file: 'app.mjs' },
  { route: 'a CommonJS app started with node --require', flag: '--require', file: 'app.cjs' },
  // Not the plain call from an ES module: the core would have to load `ai` from the app's directory
  // to find it, and finding it takes the OTel globals at the end of the task, which breaks an app
  // that merely has `ai` installed and starts its own NodeSDK later (the version matrix's
  // own-nodesdk and langfuse-sdk apps). That route needs --import, or `tracer: getAiSdkTracer()`.
  {
    route: 'a CommonJS app calling registerTradingAgentsTelemetry() after its requires',
    flag: undefined,
    file: 'app-plain.cjs',
  },
];

/** `.tmp/ai56-apps/<dir>`: the fixtures, and node_modules linking the version under test and ours. */
function appDirectory(version: (typeof VERSIONS)[number]): string {
  const app = join(ROOT, '.tmp', 'ai56-apps', version.dir);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules', '@ai-sdk'), { recursive: true });
  mkdirSync(join(app, 'node_modules', '@tradingagents'), { recursive: true });
  const link = (name: string, target: string) =>
    symlinkSync(realpathSync(target), join(app, 'node_modules', name), 'dir');
  for (const [name, alias] of Object.entries(version.links))
    link(name, join(PACKAGE_DIR, 'node_modules', alias));
  link('@tradingagents/telemetry', join(ROOT, 'packages', 'telemetry'));
  link('@tradingagents/instrumentation', PACKAGE_DIR);
  for (const file of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, file), join(app, file));
  return app;
}

describe.each(VERSIONS)('Vercel AI SDK $ai instrumentation of an app', (version) => {
  let app: string;
  beforeAll(() => {
    app = appDirectory(version);
  });

  describe.each(ROUTES)('$route', ({ flag, file }) => {
    let openai: OpenAIServerHandle;
    let langfuse: LangfuseReceiverHandle;
    let report: Record<string, unknown>;
    let metrics: MetricFamily[];

    beforeAll(async () => {
      openai = await startOpenAIServer({
        responder: (request) =>
          request.tools.length > 0 && !request.lastMessageIsToolResult
            ? {
                toolCalls: [{ name: 'get_price', arguments: { ticker: 'NVDA' } }],
                usage: { promptTokens: 120, completionTokens: 10 },
              }
            : request.endpoint === 'responses'
              ? {
                  content: 'NVDA trades at 123.4, hold.',
                  usage: {
                    promptTokens: 1000,
                    cachedTokens: 400,
                    completionTokens: 100,
                    reasoningTokens: 20,
                  },
                }
              : undefined,
      });
      langfuse = await startLangfuseReceiver(LANGFUSE_KEYS);
      ({ report, metrics } = await runRegisteredApp({
        flag,
        script: join(app, file),
        cwd: app,
        langfuse,
        env: {
          OPENAI_BASE_URL: openai.url,
          OTEL_SERVICE_NAME: `fixture-${version.dir}-${file}`,
        },
      }));
      await langfuse.waitForSpans(10, 10_000);
    });

    afterAll(async () => {
      await openai?.close();
      await langfuse?.close();
    });

    it('runs the app unchanged', () => {
      expect(report).toEqual({
        done: true,
        answers: ['NVDA trades at 123.4, hold.', 'NVDA trades at 123.4, hold.'],
      });
      expect(openai.requests.map((r) => r.path)).toEqual([
        '/v1/responses',
        '/v1/responses',
        '/v1/responses',
        '/v1/responses',
        '/v1/embeddings',
      ]);
    });

    it('sends our observations only: per call one trace, the agent over its generations and tool', () => {
      const observations = langfuse.observations();
      // The SDK's own spans (ai.generateText, ai.toolCall, ...) never reach Langfuse: ours replace them.
      expect(observations.filter((o) => o.name.startsWith('ai.'))).toEqual([]);
      const agents = observations.filter((o) => o.type === 'agent');
      expect(agents.map((a) => a.name)).toEqual([
        'invoke_agent analyst',
        'invoke_agent analyst',
        'invoke_agent analyst',
      ]);
      expect(new Set(observations.map((o) => o.traceId)).size).toBe(3);
      const byId = new Map(agents.map((a) => [a.id, a]));
      for (const o of observations.filter((x) => x.type !== 'agent')) {
        const parent = byId.get(o.parentObservationId ?? '');
        expect(parent?.traceId).toBe(o.traceId);
      }
      const generations = observations.filter((o) => o.type === 'generation');
      expect(generations).toHaveLength(4);
      expect(observations.filter((o) => o.type === 'tool')).toHaveLength(2);
      expect(observations.filter((o) => o.type === 'embedding')).toHaveLength(1);
      const final = generations.filter((g) => g.usageDetails.input_cached_tokens === 400);
      expect(final).toHaveLength(2);
      for (const g of final) {
        expect(g.usageDetails).toEqual({
          input: 600,
          output: 80,
          input_cached_tokens: 400,
          output_reasoning_tokens: 20,
          total: 1100,
        });
      }
    });

    it('serves the agent, its requests, tokens by type and cost on /metrics, equal to the spans', () => {
      const labels = { agent_name: 'analyst', model: MODEL };
      expect(sumSamples(metrics, 'tradingagents_llm_requests_total', { ...labels, status: 'success' })).toBe(
        4,
      );
      const generations = langfuse.observations().filter((o) => o.type === 'generation');
      const sum = (key: string) => generations.reduce((s, g) => s + Number(g.attributes[key] ?? 0), 0);
      const tokens = (type: string) =>
        sumSamples(metrics, 'tradingagents_llm_tokens_total', { ...labels, type });
      expect(tokens('input')).toBe(sum('gen_ai.usage.input_tokens'));
      expect(tokens('input')).toBe(2 * (1000 + 120));
      expect(tokens('output')).toBe(sum('gen_ai.usage.output_tokens'));
      expect(tokens('output')).toBe(2 * (100 + 10));
      expect(tokens('cache_read')).toBe(800);
      expect(tokens('reasoning')).toBe(40);
      const cost = sum('gen_ai.usage.cost');
      // gpt-4o-mini in the core's table (Langfuse's prices), USD per 1M tokens: input 0.15, cached
      // input 0.075, output 0.6, reasoning 0 (the table's own entry: the model does not reason).
      expect(cost).toBeCloseTo((2 * (600 * 0.15 + 400 * 0.075 + 80 * 0.6 + 120 * 0.15 + 10 * 0.6)) / 1e6, 12);
      expect(sumSamples(metrics, 'tradingagents_llm_cost_usd_total', labels)).toBeCloseTo(cost, 12);
      expect(
        sumSamples(metrics, 'tradingagents_tool_calls_total', { tool: 'get_price', agent_name: 'analyst' }),
      ).toBe(2);
      expect(
        sumSamples(metrics, 'tradingagents_agent_executions_total', {
          agent_name: 'analyst',
          status: 'success',
        }),
      ).toBe(3);
    });
  });
});
