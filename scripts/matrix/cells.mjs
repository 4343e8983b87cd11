// The version matrix, in the spirit of opentelemetry-js-contrib's test-all-versions: a sample of
// the cross product in which every supported version runs somewhere. Versions are exact so a
// cell is reproducible; `npm view <pkg>@<v> dependencies peerDependencies engines` shows why each
// set belongs together (@langchain/openai 0.3-0.5.13 use openai 4, 0.5.14-0.6 openai 5,
// 1.0-1.5.8 openai 6, 1.5.9+ openai 7 and Node >= 22).

/** Packages every cell installs besides the frameworks: the Langfuse SDK and an app's own OTel SDK. */
const COMMON = {
  '@langfuse/otel': '5.11.1',
  '@langfuse/langchain': '5.11.1',
  '@opentelemetry/api': '^1.9.0',
  '@opentelemetry/sdk-node': '0.223.0',
  '@opentelemetry/sdk-trace-base': '2.12.0',
  '@opentelemetry/exporter-trace-otlp-http': '0.223.0',
};

const CORE_1_LATEST = {
  '@langchain/core': '1.4.0',
  '@langchain/langgraph': '1.7.3',
  '@langchain/langgraph-supervisor': '1.1.3',
  '@langchain/langgraph-swarm': '1.0.4',
  langchain: '1.5.14',
  zod: '4.6.7',
};

export const CELLS = [
  {
    id: 'node20-core0.3.40-lg0.2-oai4.77',
    node: 20,
    deps: {
      '@langchain/core': '0.3.40',
      '@langchain/langgraph': '0.2.74',
      '@langchain/openai': '0.3.17',
      openai: '4.77.0',
      '@langchain/langgraph-swarm': '0.0.6',
      zod: '3.25.76',
      // The oldest @anthropic-ai/sdk we support: the pre-1.0 layout (core.js, resources/messages.js).
      '@anthropic-ai/sdk': '0.30.1',
      // The oldest ai 5 and the @ai-sdk/openai it shipped with (spans only with experimental_telemetry).
      ai: '5.0.0',
      '@ai-sdk/openai': '2.0.0',
    },
    skip: {
      supervisor: '@langchain/langgraph-supervisor 0.0.x needs @langchain/core >= 0.3.58',
      'create-agent': '`langchain` createAgent needs @langchain/core 1.x',
    },
  },
  {
    id: 'node22-core0.3.80-lg0.3-oai4.104',
    node: 22,
    deps: {
      '@langchain/core': '0.3.80',
      '@langchain/langgraph': '0.3.12',
      '@langchain/openai': '0.5.13',
      openai: '4.104.0',
      '@langchain/langgraph-supervisor': '0.0.20',
      '@langchain/langgraph-swarm': '0.0.6',
      zod: '3.25.76',
    },
    skip: { 'create-agent': '`langchain` createAgent needs @langchain/core 1.x' },
  },
  {
    id: 'node24-core0.3.80-lg0.4-oai5',
    node: 24,
    deps: {
      '@langchain/core': '0.3.80',
      '@langchain/langgraph': '0.4.10',
      '@langchain/openai': '0.6.17',
      openai: '5.12.2',
      '@langchain/langgraph-supervisor': '0.0.20',
      '@langchain/langgraph-swarm': '0.0.6',
      zod: '3.25.76',
    },
    skip: { 'create-agent': '`langchain` createAgent needs @langchain/core 1.x' },
  },
  {
    // The oldest 1.x set that installs today: every @langchain/langgraph 1.0.x pulls the newest
    // @langchain/langgraph-checkpoint (^1.0.0 resolves to 1.2.x), which needs @langchain/core >= 1.1.48.
    id: 'node22-core1.1-lg1.0-oai6.9',
    node: 22,
    deps: {
      '@langchain/core': '1.1.48',
      '@langchain/langgraph': '1.0.2',
      '@langchain/openai': '1.1.3',
      openai: '6.9.0',
      '@google/genai': '1.1.0',
      '@langchain/langgraph-supervisor': '1.0.1',
      '@langchain/langgraph-swarm': '1.0.1',
      langchain: '1.0.6',
      zod: '4.6.7',
      // The rewritten client layout (client.js, resources/messages/messages.js), before native tracing.
      '@anthropic-ai/sdk': '0.50.4',
      // The newest ai 5 with its @ai-sdk/openai 2.
      ai: '5.0.277',
      '@ai-sdk/openai': '2.0.130',
    },
  },
  {
    id: 'node20-core1.4-lg1.7-oai6',
    node: 20,
    // @google/genai 2.x is the last line that declares Node 20 (3.x: Node >= 22).
    deps: {
      ...CORE_1_LATEST,
      '@langchain/openai': '1.5.8',
      openai: '6.49.0',
      '@google/genai': '2.32.0',
      // The newest ai 6 (the last line for Node 20) with the @ai-sdk/openai 3 it pairs with.
      ai: '6.0.325',
      '@ai-sdk/openai': '3.0.141',
    },
  },
  {
    id: 'node24-core1.4-lg1.7-oai7',
    node: 24,
    // @anthropic-ai/sdk 1.x traces its own calls (0.134+): ours must stay the one generation.
    deps: {
      ...CORE_1_LATEST,
      '@langchain/openai': '1.6.0',
      openai: '7.59.0',
      '@google/genai': '3.3.0',
      '@anthropic-ai/sdk': '1.15.0',
      // ai 7 and @ai-sdk/openai 4 declare Node >= 22.
      ai: '7.0.173',
      '@ai-sdk/openai': '4.0.118',
    },
  },
  // The OpenAI Agents SDK, oldest and newest of our range (@openai/agents-core >=0.15 <0.21): every
  // version needs openai ^7.2.0, so Node >= 22. Only its apps run here (the other cells skip them).
  {
    id: 'node22-agents0.15-oai7.2',
    node: 22,
    // The oldest openai the SDK accepts, beside it.
    deps: { '@openai/agents': '0.15.0', openai: '7.2.0', zod: '4.6.7' },
    apps: ['openai-agents', 'openai-agents-cjs'],
  },
  {
    id: 'node24-agents0.20',
    node: 24,
    deps: { '@openai/agents': '0.20.0', openai: '7.59.0', zod: '4.6.7' },
    apps: ['openai-agents', 'openai-agents-cjs'],
  },
  {
    // Another OpenTelemetry instrumentation installed first pulls its own (old)
    // @opentelemetry/instrumentation to the top of node_modules, so npm nests our copies.
    id: 'node22-beside-openinference',
    node: 22,
    preinstall: { '@arizeai/openinference-instrumentation-langchain': '4.1.1', '@langchain/core': '1.4.0' },
    deps: { ...CORE_1_LATEST, '@langchain/openai': '1.5.8', openai: '6.49.0' },
    entries: ['import', 'require'],
    expectNested: true,
  },
];

export function depsOf(cell) {
  return { ...COMMON, ...cell.deps };
}

/**
 * Checks that fail today because of instrumentation bugs, each with its reason. A matching
 * failure is reported as KNOWN and does not fail the run; a known failure that passes is reported
 * so the entry can be removed. Fields, each omitted (any), a value or a list: cell (a substring
 * of the cell id), app, entry, check (transparency | stderr | metrics | langfuse | delivery |
 * install); the reason; flaky: true when it depends on timing (a pass is then not reported as fixed).
 */
export const KNOWN_FAILURES = [
  {
    cell: 'peers',
    app: 'with-api-latest',
    check: 'install',
    reason:
      'an app that pins @opentelemetry/api 1.10.0 (npm latest) gets "invalid" from npm ls: the OpenTelemetry JS ' +
      'SDK 2.x we build on (core, sdk-trace-base, sdk-metrics … 2.12.x / 0.223.0, the newest 2.x) peers on ' +
      'api <1.10.0, and the 3.x line that admits 1.10 needs Node >=22.15 and breaks @langfuse/otel 5.x (ENVIRONMENT.md); ' +
      'our own peer range admits 1.10, and a plain install (cell peers/alone) resolves api 1.9.1 with npm ls clean',
  },
];
