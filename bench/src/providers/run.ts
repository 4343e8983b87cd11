import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  startAnthropicServer,
  startGeminiServer,
  startLangfuseReceiver,
  startOpenAIServer,
} from '@tradingagents/testkit';
import { type BenchOptions, type BenchReport, fmt, fmtRatio, type Table, type Target } from '../report.js';
import { median, ratio, rotate, round } from '../stats.js';
import {
  FRAMEWORKS,
  type Framework,
  MIN_NODE_MAJOR,
  VARIANTS,
  type Variant,
  type WorkerConfig,
  type WorkerResult,
} from './protocol.js';
import { runWorker } from './spawn.js';

const DESCRIPTIONS: Record<Variant, string> = {
  baseline: 'no telemetry',
  ours: '@tradingagents/telemetry: registerTradingAgentsTelemetry() with auto-instrumentation, Prometheus metrics (/metrics on a free port) and Langfuse-bound spans (batched)',
  'traceloop-openai':
    'OpenLLMetry @traceloop/instrumentation-openai 0.27.0 on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1)',
  'openinference-openai':
    '@arizeai/openinference-instrumentation-openai 4.2.7 on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1; shouldExportSpan widened to its scope, which the default filter drops)',
  'langfuse-openai':
    '@langfuse/openai 5.11.1 observeOpenAI(client) on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1)',
  'traceloop-anthropic':
    'OpenLLMetry @traceloop/instrumentation-anthropic 0.27.0 on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1)',
  'openinference-anthropic':
    '@arizeai/openinference-instrumentation-anthropic 0.2.8 on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1; shouldExportSpan widened to its scope)',
  'openinference-openai-agents':
    '@arizeai/openinference-instrumentation-openai-agents 0.2.15 (exclusive trace processor) on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1; shouldExportSpan widened to its scope)',
  'langfuse-ai-sdk':
    "the AI SDK's own OpenTelemetry spans (ai 6, experimental_telemetry: { isEnabled: true }) on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1), as Langfuse's Vercel AI SDK integration sets it up",
  'ai-sdk-otel':
    "the AI SDK's own OpenTelemetry spans: registerTelemetry(new OpenTelemetry()) from @ai-sdk/otel 1.0.173, on NodeSDK + LangfuseSpanProcessor (@langfuse/otel 5.11.1)",
};

interface RoundSample {
  result: WorkerResult;
  /** Spans and Langfuse generations the receiver got from the measured window. */
  spans: number;
  generations: number;
}

interface VariantSummary {
  framework: Framework;
  variant: Variant;
  description: string;
  /** Node version the worker ran on. */
  node: string;
  rounds: number;
  cpuUsPerCall: number;
  wallUsPerCall: number;
  /** Median over rounds of (variant − baseline of the same round); 0 for the baseline. */
  addedCpuUsPerCall: number;
  addedWallUsPerCall: number;
  spansPerCall: number;
  generationsPerCall: number;
  /** Ours: LLM requests its counter reported (warm-up included), against the calls made. */
  llmRequestsCounted: number | null;
  llmCallsMade: number;
  /** Whether it recorded what it should (spans for every instrumented variant, the metric for ours). */
  recorded: boolean;
}

const isPeer = (v: Variant) => v !== 'baseline' && v !== 'ours';

/** `.tmp/node22` at the repository root: where `scripts/test-node22.sh` installs the `node@22` npm package. */
const NODE22 = fileURLToPath(new URL('../../../.tmp/node22/node_modules/.bin/node', import.meta.url));

/** The Node binary a framework's workers run on: this one, or Node 22 for SDKs that need it. */
function nodeFor(framework: Framework): { execPath: string } | { skip: string } {
  const min = MIN_NODE_MAJOR[framework];
  if (min === undefined || Number(process.versions.node.split('.')[0]) >= min)
    return { execPath: process.execPath };
  if (existsSync(NODE22)) return { execPath: NODE22 };
  return {
    skip: `needs Node >= ${min} (this is ${process.version}) and ${NODE22} is missing: install it with \`npm install --prefix .tmp/node22 --no-save node@22\` (as scripts/test-node22.sh does) or run the bench on Node ${min}`,
  };
}

/**
 * The frameworks to run: all, or those listed in `BENCH_PROVIDERS_FRAMEWORKS` (comma-separated), to
 * measure one framework without the whole ~10-minute run. Unknown names fail fast.
 */
function selectedFrameworks(): readonly Framework[] {
  const listed = process.env.BENCH_PROVIDERS_FRAMEWORKS?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (listed === undefined || listed.length === 0) return FRAMEWORKS;
  for (const name of listed)
    if (!(FRAMEWORKS as readonly string[]).includes(name))
      throw new Error(
        `BENCH_PROVIDERS_FRAMEWORKS: unknown framework "${name}" (one of ${FRAMEWORKS.join(', ')})`,
      );
  return FRAMEWORKS.filter((framework) => listed.includes(framework));
}

/**
 * Added CPU per LLM call of each framework's instrumentation: one child process per variant run,
 * variants rotated each round, against testkit's loopback server of the provider (latency 0) and
 * one Langfuse receiver in this process.
 */
export async function runProviders(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const selected = selectedFrameworks();
  const sizes = options.quick
    ? { rounds: 2, warmupCalls: 40, calls: 200 }
    : { rounds: 7, warmupCalls: 100, calls: 600 };
  const publicKey = 'pk-lf-bench';
  const secretKey = 'sk-lf-bench';
  const langfuse = await startLangfuseReceiver({ publicKey, secretKey });
  const openai = await startOpenAIServer({ latencyMs: 0 });
  const servers = {
    openai,
    anthropic: await startAnthropicServer({ latencyMs: 0 }),
    'google-genai': await startGeminiServer(),
    // `@ai-sdk/openai` and the Agents SDK speak the same OpenAI API.
    ai6: openai,
    ai: openai,
    'openai-agents': openai,
  } satisfies Record<Framework, { url: string; requests: unknown[]; close(): Promise<void> }>;
  const samples = new Map<string, RoundSample[]>();
  const skipped: { variant: string; reason: string }[] = [];
  const failed = new Set<string>();
  const key = (framework: Framework, variant: Variant) => `${framework}/${variant}`;
  try {
    for (const framework of selected) {
      const node = nodeFor(framework);
      if ('skip' in node) {
        skipped.push({ variant: `${framework}/*`, reason: node.skip });
        continue;
      }
      const variants: readonly Variant[] = VARIANTS[framework];
      for (let r = 0; r < sizes.rounds; r++) {
        for (const variant of rotate(variants, r)) {
          if (failed.has(key(framework, variant))) continue;
          const config: WorkerConfig = {
            framework,
            variant,
            providerUrl: servers[framework].url,
            langfuseBaseUrl: langfuse.baseUrl,
            langfusePublicKey: publicKey,
            langfuseSecretKey: secretKey,
            warmupCalls: sizes.warmupCalls,
            calls: sizes.calls,
          };
          let spans = 0;
          let generations = 0;
          try {
            const result = await runWorker(
              config,
              180_000,
              (phase) => {
                // The worker flushed before each mark and waits for the ack: the counts are complete.
                if (phase === 'calls') {
                  spans = langfuse.spans.length;
                  generations = langfuse.observations().filter((o) => o.type === 'generation').length;
                }
                langfuse.spans.length = 0;
              },
              node.execPath,
            );
            const list = samples.get(key(framework, variant)) ?? [];
            list.push({ result, spans, generations });
            samples.set(key(framework, variant), list);
          } catch (error) {
            failed.add(key(framework, variant));
            skipped.push({
              variant: key(framework, variant),
              reason: `worker failed: ${(error as Error).message.slice(0, 500)}`,
            });
          }
          servers[framework].requests.length = 0;
        }
      }
    }
  } finally {
    for (const server of new Set(Object.values(servers))) await server.close();
    await langfuse.close();
  }

  const summaries: VariantSummary[] = [];
  for (const framework of selected) {
    const base = samples.get(key(framework, 'baseline')) ?? [];
    const perCall = (s: RoundSample, of: 'cpuUs' | 'wallUs') => s.result[of] / s.result.calls;
    for (const variant of VARIANTS[framework] as readonly Variant[]) {
      const rounds = samples.get(key(framework, variant));
      if (rounds === undefined || rounds.length === 0) continue;
      // Paired by round: the variant minus the baseline run of the same round.
      const added = (of: 'cpuUs' | 'wallUs') =>
        median(
          rounds.map((s, i) => perCall(s, of) - (base[i] ? perCall(base[i] as RoundSample, of) : Number.NaN)),
        );
      const spansPerCall = median(rounds.map((s) => s.spans / s.result.calls));
      const generationsPerCall = median(rounds.map((s) => s.generations / s.result.calls));
      const counted =
        variant === 'ours' ? Math.min(...rounds.map((s) => s.result.llmRequestsCounted ?? 0)) : null;
      const made = sizes.warmupCalls + sizes.calls;
      const recorded = variant === 'baseline' || (spansPerCall > 0 && (counted === null || counted >= made));
      summaries.push({
        framework,
        variant,
        description: DESCRIPTIONS[variant],
        node: rounds[0]?.result.node ?? '',
        rounds: rounds.length,
        cpuUsPerCall: round(median(rounds.map((s) => perCall(s, 'cpuUs'))), 1),
        wallUsPerCall: round(median(rounds.map((s) => perCall(s, 'wallUs'))), 1),
        addedCpuUsPerCall: variant === 'baseline' ? 0 : round(added('cpuUs'), 1),
        addedWallUsPerCall: variant === 'baseline' ? 0 : round(added('wallUs'), 1),
        spansPerCall: round(spansPerCall, 2),
        generationsPerCall: round(generationsPerCall, 2),
        llmRequestsCounted: counted,
        llmCallsMade: made,
        recorded,
      });
      if (!recorded)
        skipped.push({
          variant: key(framework, variant),
          reason: `recorded nothing (${fmt(spansPerCall, 2)} spans/call${counted === null ? '' : `, ${counted} of ${made} LLM requests counted`}): left out of the ratios`,
        });
    }
  }

  const tables: Table[] = [];
  const targets: Target[] = [];
  const frameworks: Record<string, unknown> = {};
  for (const framework of selected) {
    const rows = summaries.filter((s) => s.framework === framework);
    const ours = rows.find((s) => s.variant === 'ours' && s.recorded);
    const peers = rows.filter((s) => isPeer(s.variant) && s.recorded);
    const lightest = [...peers].sort((a, b) => a.addedCpuUsPerCall - b.addedCpuUsPerCall)[0];
    const ratios = Object.fromEntries(
      peers.map((p) => [p.variant, ours ? ratio(ours.addedCpuUsPerCall, p.addedCpuUsPerCall) : null]),
    );
    const lightestRatio = lightest ? (ratios[lightest.variant] ?? null) : null;
    frameworks[framework] = {
      variants: rows,
      oursAddedCpuRatio: ratios,
      lightestPeer: lightest?.variant ?? null,
    };
    tables.push({
      title: `Added CPU per LLM call: ${framework} (${sizes.calls} calls per run, half streamed; medians of ${sizes.rounds} rounds; Node ${rows[0]?.node ?? '?'})`,
      columns: [
        'variant',
        'µs/call (CPU)',
        'µs/call (wall)',
        '+µs/call (CPU)',
        '+µs/call (wall)',
        'ours ÷ this (+CPU)',
        'spans/call',
        'generations/call',
        'LLM requests counted',
      ],
      rows: rows.map((s) => [
        s.recorded ? s.variant : `${s.variant} (recorded nothing)`,
        fmt(s.cpuUsPerCall, 0),
        fmt(s.wallUsPerCall, 0),
        s.variant === 'baseline' ? '—' : fmt(s.addedCpuUsPerCall, 0),
        s.variant === 'baseline' ? '—' : fmt(s.addedWallUsPerCall, 0),
        isPeer(s.variant) ? fmtRatio(ratios[s.variant]) : '—',
        fmt(s.spansPerCall, 2),
        fmt(s.generationsPerCall, 2),
        s.llmRequestsCounted === null ? '—' : `${s.llmRequestsCounted}/${s.llmCallsMade}`,
      ]),
    });
    const id = `providers:${framework}`;
    if (VARIANTS[framework].length === 2) {
      targets.push({
        id,
        goal: 'no peer instruments this SDK: ours is reported in absolute added CPU µs per LLM call (no goal)',
        met: null,
        detail: ours
          ? `ours adds ${fmt(ours.addedCpuUsPerCall)} µs CPU / ${fmt(ours.addedWallUsPerCall)} µs wall per LLM call (baseline ${fmt(rows[0]?.cpuUsPerCall)} µs CPU per call).`
          : `not measured: ${
              skipped
                .filter((s) => s.variant.startsWith(`${framework}/`))
                .map((s) => `${s.variant}: ${s.reason}`)
                .join('; ') || 'ours did not run'
            }`,
      });
      continue;
    }
    const goal =
      "ours adds no more CPU per LLM call than the lightest peer (ours' added CPU ÷ lightest peer's ≤ 1.00×)";
    if (ours && lightest && lightestRatio !== null) {
      targets.push({
        id,
        goal,
        met: lightestRatio <= 1,
        detail:
          `ours adds ${fmt(ours.addedCpuUsPerCall)} µs CPU per LLM call; ` +
          peers
            .map(
              (p) =>
                `${p.variant} ${fmt(p.addedCpuUsPerCall)} µs (ours ÷ it = ${fmtRatio(ratios[p.variant])})`,
            )
            .join(', ') +
          `; lightest peer: ${lightest.variant}, ratio ${fmtRatio(lightestRatio)}.`,
      });
    } else {
      targets.push({
        id,
        goal,
        met: null,
        detail: `not measured: ${
          skipped
            .filter((s) => s.variant.startsWith(`${framework}/`))
            .map((s) => `${s.variant}: ${s.reason}`)
            .join('; ') ||
          (ours && lightest
            ? `the lightest peer (${lightest.variant}) added ${fmt(lightest.addedCpuUsPerCall)} µs CPU per call, not above the baseline's noise, so no ratio (ours added ${fmt(ours.addedCpuUsPerCall)} µs); more rounds or a quieter machine resolve it`
            : 'no peer ran')
        }`,
      });
    }
  }

  return {
    name: 'providers',
    method:
      "Per provider SDK, N LLM calls with one tool definition (even calls non-streamed, odd calls streamed and read to the end) against testkit's loopback server of that provider (latency 0); spans to testkit's Langfuse receiver (in the parent). " +
      `One child process per variant run; ${sizes.rounds} rounds per framework, variants rotated each round. Each run: ${sizes.warmupCalls} warm-up calls and a flush, then ${sizes.calls} serial calls timed together with a final flush of pending spans (export included in the window). ` +
      'CPU = user + system time of the worker process (process.cpuUsage()) over that window ÷ calls; added = median over rounds of (variant − baseline of the same round). ' +
      "Peers export with Langfuse's LangfuseSpanProcessor on a NodeSDK; ours with registerTradingAgentsTelemetry() (metrics on). " +
      'A variant that recorded nothing (no spans; for ours also fewer LLM requests counted than made) is left out of the ratios.',
    tables,
    targets,
    skipped,
    data: { sizes, descriptions: DESCRIPTIONS, frameworks },
    durationSeconds: round((performance.now() - started) / 1000, 1),
  };
}
